# kyso — the two commands:
#   make run    install what is missing, build everything, audit the demo export (ranking table,
#               reports in target/demo-report/, history in target/demo/kyso.db), serve it
#   make test   every test: native, wasm32 in headless Chromium, browser end-to-end, fmt, clippy
# ADDR=127.0.0.1:PORT make run   chooses the address.
#   make bench-load   load benchmark of kyso serve on 127.0.0.1 (not part of make test)

SHELL := /bin/bash
ADDR ?= 127.0.0.1:8080
TOOLS := $(CURDIR)/.tools
export PATH := $(TOOLS)/bin:$(TOOLS)/npm/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
WASM_OUT := target/wasm32-unknown-unknown/wasm-release/frontend.wasm
KYSO := target/release/kyso
DEMO_TRUST := --trust demo/trust --certs demo/certs --crl demo/crl
DEMO_DB := target/demo/kyso.db

.PHONY: run test tools tools-test app wasm kyso bench-load clean

# The demo audit is recorded afresh in $(DEMO_DB) (exit 1 only says some documents are not
# compliant), then served: the rankings API answers with the demo agencies at once.
run: tools app kyso
	@echo "== kyso: auditing the demo export (demo/van-ban, register, agency directory) into $(DEMO_DB) =="
	@mkdir -p $(dir $(DEMO_DB)) && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@$(KYSO) audit demo/van-ban --manifest demo/so-dang-ky-van-ban-di.csv \
	  --directory demo/agencies.json $(DEMO_TRUST) --out target/demo-report \
	  --db $(DEMO_DB); test $$? -le 1
	@echo "== kyso: serving on http://$(ADDR)/ (Ctrl-C to stop) =="
	$(KYSO) serve --addr $(ADDR) --db $(DEMO_DB) $(DEMO_TRUST)

test: tools-test app
	cargo fmt --all -- --check
	cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
	cargo clippy -p frontend -p audit-core --target wasm32-unknown-unknown -- -D warnings
	cargo build -p server
	cargo test --workspace --exclude frontend --no-fail-fast
	cargo test -p audit-core --target wasm32-unknown-unknown --test wasm --test cms_algorithms

tools:
	@bash scripts/tools.sh build

tools-test:
	@bash scripts/tools.sh test

# The browser app: wasm32 build (size profile), JS bindings, wasm-opt, static files. Files in
# frontend/dist are only rewritten when their inputs changed, so `kyso` (which embeds them) is
# not rebuilt on every run.
app: wasm frontend/dist/frontend_bg.wasm frontend/dist/index.html frontend/dist/style.css \
  frontend/dist/boot.js
	@ls -l frontend/dist | awk 'NR>1 {printf "  %-22s %8.1f KB\n", $$9, $$5/1024}'

wasm:
	cargo build -p frontend --target wasm32-unknown-unknown --profile wasm-release

frontend/dist/frontend_bg.wasm: $(WASM_OUT)
	@mkdir -p frontend/dist
	wasm-bindgen --target web --no-typescript --out-dir frontend/dist $(WASM_OUT)
	wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	  --enable-mutable-globals --enable-reference-types --enable-multivalue \
	  frontend/dist/frontend_bg.wasm -o frontend/dist/frontend_bg.wasm

frontend/dist/%: frontend/%
	@mkdir -p frontend/dist
	cp $< $@

kyso:
	cargo build --release -p server

# 64 clients on GET /api/rankings, then 8 on POST /api/verify (5 MB letter), 10 s each, while
# 200 slow connections are held open; requests/s, p50/p99, server RSS. 127.0.0.1 only.
bench-load: kyso
	cargo build --release -p kyso-tests --bin load
	target/release/load --kyso $(KYSO)

clean:
	cargo clean
	rm -rf frontend/dist

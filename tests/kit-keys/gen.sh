#!/bin/sh
# Generates the kit's fixed test keys ONCE (they are committed: the demo export must be
# byte-identical when regenerated, and rcgen/ring key generation is random).
# These are TEST keys with no value; never use them for anything real.
set -e
cd "$(dirname "$0")"
rsa() { [ -f "$1.pem" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:${2:-2048} -out "$1.pem" 2>/dev/null; }
for k in root subca tsa lookalike-root lookalike-subca lookalike-org expired notyet revoked pss sha1 \
         org-01 org-02 org-03 org-04 org-05 org-06 org-07 org-08 org-09 org-10 org-11 org-12; do rsa $k; done
for a in 01 02 03 04 05 06 07 08 09 10 11 12; do rsa person-$a-1; rsa person-$a-2; done
rsa rsa1024 1024
[ -f ecdsa-p256.pem ] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ecdsa-p256.pem

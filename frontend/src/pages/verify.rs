//! "Kiểm tra văn bản": drop PDFs, verify them locally with audit-core, show one card each.

use audit_core::{verify_document, DocumentReport, ValidationTime, VerifyContext};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::components::report_card::ReportCard;
use crate::i18n::use_lang;

/// Files larger than this are refused before reading: the tab must stay responsive.
const MAX_FILE_BYTES: f64 = 100.0 * 1024.0 * 1024.0;

#[component]
pub fn VerifyPage() -> impl IntoView {
    let lang = use_lang();
    let reports = RwSignal::new(Vec::<DocumentReport>::new());
    let busy = RwSignal::new(0usize);
    let dragging = RwSignal::new(false);

    let accept = move |files: Option<web_sys::FileList>| {
        let Some(files) = files else { return };
        for i in 0..files.length() {
            if let Some(file) = files.item(i) {
                busy.update(|n| *n += 1);
                spawn_local(async move {
                    let report = read_and_verify(file).await;
                    reports.update(|list| list.insert(0, report));
                    busy.update(|n| *n = n.saturating_sub(1));
                });
            }
        }
    };

    view! {
        <section class="panel intro">
            <h1>{move || lang.get().pick("Kiểm tra văn bản", "Verify documents")}</h1>
            <p class="lead">
                {move || lang.get().pick(
                    "Thả các tệp PDF vào đây để kiểm tra chữ ký số: ai đã ký, văn bản có bị sửa sau khi ký không, và có đúng Nghị định 30 không. Việc kiểm tra chạy ngay trên máy của bạn; tệp không được tải lên máy chủ.",
                    "Drop PDF files here to check their digital signatures: who signed, whether the document changed after signing, and whether it meets Decree 30. Verification runs on your machine; files are never uploaded.",
                )}
            </p>
            <label
                id="drop-zone"
                class="drop-zone"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    dragging.set(false);
                    accept(ev.data_transfer().and_then(|dt| dt.files()));
                }
            >
                <span class="drop-icon" aria-hidden="true">"⬇"</span>
                <span class="drop-text">
                    {move || lang.get().pick(
                        "Kéo thả tệp PDF hoặc bấm để chọn",
                        "Drag PDF files here or click to choose",
                    )}
                </span>
                <input
                    id="file-input"
                    type="file"
                    accept="application/pdf,.pdf"
                    multiple=true
                    on:change=move |ev| {
                        let input = event_target::<web_sys::HtmlInputElement>(&ev);
                        accept(input.files());
                        input.set_value("");
                    }
                />
            </label>
            <Show when=move || { busy.get() > 0 }>
                <p class="busy">{move || lang.get().pick("Đang kiểm tra…", "Verifying…")}</p>
            </Show>
        </section>
        <section id="reports" class="reports">
            {move || reports.get().into_iter().map(|report| view! { <ReportCard report/> }).collect_view()}
        </section>
    }
}

/// Reads a dropped file and verifies it at the browser's current time.
async fn read_and_verify(file: web_sys::File) -> DocumentReport {
    let name = file.name();
    let ctx = VerifyContext::new(ValidationTime(now_unix_seconds()));
    if file.size() > MAX_FILE_BYTES {
        return verify_document(&name, &[], &ctx);
    }
    let bytes = match JsFuture::from(file.array_buffer()).await {
        Ok(buffer) => match buffer.dyn_into::<js_sys::ArrayBuffer>() {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => Vec::new(),
        },
        Err(_) => Vec::new(),
    };
    verify_document(&name, &bytes, &ctx)
}

/// The validation time comes from the browser's clock: audit-core never reads one.
fn now_unix_seconds() -> i64 {
    // Milliseconds since the epoch fit an f64 exactly for millions of years.
    #[allow(clippy::cast_possible_truncation)]
    let seconds = (js_sys::Date::now() / 1000.0).floor() as i64;
    seconds
}

//! One verified document: the verdict first, then who signed, then the details.

use audit_core::report::{
    Decree30Status, DocumentReport, Finding, SignatureReport, SignatureStatus,
};
use leptos::prelude::*;

use crate::i18n::{use_lang, Lang};

#[component]
pub fn ReportCard(report: DocumentReport) -> impl IntoView {
    let lang = use_lang();
    let verdict = report.verdict;
    let decree30 = report.decree30.clone();
    let signatures = report.signatures.clone();
    let findings = report.findings.clone();
    let error = report.error.clone();
    view! {
        <article class=format!("card verdict-{}", verdict.as_str()) data-verdict=verdict.as_str()>
            <header class="card-head">
                <span class="badge">{move || verdict.label(lang.get())}</span>
                <h2 class="file-name">{report.file.clone()}</h2>
                <span class="muted">{format_size(report.size)}</span>
            </header>
            {error.map(|e| view! { <p class="error">{e}</p> })}
            <div class="decree30">
                <strong>{move || lang.get().pick("Nghị định 30: ", "Decree 30: ")}</strong>
                <span class=match decree30.status { Decree30Status::Compliant => "ok", Decree30Status::NonCompliant => "bad" }>
                    {move || decree30.status.label(lang.get())}
                </span>
                <FindingList findings=decree30.findings.clone()/>
            </div>
            <ol class="signatures">
                {signatures.into_iter().map(|s| view! { <SignatureRow signature=s/> }).collect_view()}
            </ol>
            <FindingList findings/>
            <p class="hash muted">"SHA-256 " <code>{report.sha256.clone()}</code></p>
        </article>
    }
}

#[component]
fn SignatureRow(signature: SignatureReport) -> impl IntoView {
    let lang = use_lang();
    let who = signature
        .signer
        .as_ref()
        .and_then(|s| s.common_name.clone())
        .unwrap_or_else(|| "?".to_owned());
    let org = signature
        .signer
        .as_ref()
        .and_then(|s| s.organization.clone());
    let s = signature.clone();
    view! {
        <li class="signature">
            <div class="sig-head">
                <strong>{who}</strong>
                {org.map(|o| view! { <span class="muted">{format!(" — {o}")}</span> })}
                <span class="role">{move || s.role.label(lang.get())}</span>
                <span class=format!("pill {}", status_slug(s.status))>{move || s.status.label(lang.get())}</span>
            </div>
            <dl class="facts">
                <dt>{move || lang.get().pick("Thời điểm ký (khai báo)", "Signing time (claimed)")}</dt>
                <dd>{signature.signing_time.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>{move || lang.get().pick("Mức PAdES", "PAdES level")}</dt>
                <dd>{signature.pades.as_ref().and_then(|p| p.label.clone()).unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>{move || lang.get().pick("Toàn vẹn", "Integrity")}</dt>
                <dd>{move || signature.integrity.label(lang.get())}</dd>
                <dt>{move || lang.get().pick("Phạm vi ký", "Coverage")}</dt>
                <dd>{move || signature.coverage.label(lang.get())}</dd>
            </dl>
            <FindingList findings=signature.findings.clone()/>
        </li>
    }
}

#[component]
fn FindingList(findings: Vec<Finding>) -> impl IntoView {
    let lang = use_lang();
    (!findings.is_empty()).then(|| {
        view! {
            <ul class="findings">
                {findings.into_iter().map(|f| {
                    let code = f.code.clone();
                    view! {
                        <li title=code>{move || match lang.get() {
                            Lang::Vi => f.message_vi.clone(),
                            Lang::En => f.message_en.clone(),
                        }}</li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}

fn status_slug(s: SignatureStatus) -> &'static str {
    match s {
        SignatureStatus::Valid => "ok",
        SignatureStatus::Invalid => "bad",
        SignatureStatus::Indeterminate => "warn",
    }
}

fn format_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    if bytes < KIB * KIB {
        format!("{:.1} KB", bytes as f64 / KIB as f64)
    } else {
        format!("{:.1} MB", bytes as f64 / (KIB * KIB) as f64)
    }
}

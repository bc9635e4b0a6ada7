//! "Xếp hạng": agencies ranked by Decree 30 compliance against the 100% target.

use leptos::prelude::*;

use crate::api::{get_json, ApiError, RankingRow, Rankings};
use crate::i18n::use_lang;

#[component]
pub fn RankingsPage() -> impl IntoView {
    let lang = use_lang();
    let rankings = LocalResource::new(|| get_json::<Rankings>("/api/rankings"));
    view! {
        <section class="panel">
            <h1>{move || lang.get().pick("Xếp hạng cơ quan", "Agency rankings")}</h1>
            <p class="lead">
                {move || lang.get().pick(
                    "Tỷ lệ văn bản đi được ký số và tuân thủ Nghị định 30 của từng cơ quan, so với mục tiêu 100%.",
                    "Each agency's share of outgoing documents digitally signed and Decree 30 compliant, against the 100% target.",
                )}
            </p>
            <Suspense fallback=move || view! { <p class="busy">{move || lang.get().pick("Đang tải…", "Loading…")}</p> }>
                {move || rankings.get().map(|result| match result {
                    Ok(r) if !r.agencies.is_empty() => view! { <RankingTable rows=r.agencies/> }.into_any(),
                    // 404: no complete run yet; 503: the server has no audit database.
                    Ok(_) | Err(ApiError::Status(404 | 503)) => view! {
                        <p id="rankings-empty" class="empty">
                            {move || lang.get().pick(
                                "Chưa có đợt kiểm tra nào được lưu. Chạy `kyso audit` trên bản xuất I-Office để có số liệu.",
                                "No audit has been stored yet. Run `kyso audit` on an I-Office export to get figures.",
                            )}
                        </p>
                    }.into_any(),
                    Err(e) => view! { <p class="error">{format!("{e:?}")}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn RankingTable(rows: Vec<RankingRow>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <table class="rankings">
            <thead>
                <tr>
                    <th>"#"</th>
                    <th>{move || lang.get().pick("Cơ quan", "Agency")}</th>
                    <th>{move || lang.get().pick("Văn bản", "Documents")}</th>
                    <th>{move || lang.get().pick("Tỷ lệ ký số", "Signing rate")}</th>
                    <th>{move || lang.get().pick("Tỷ lệ tuân thủ", "Compliance rate")}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let signing = percent(row.signed, row.documents);
                    let compliance = percent(row.compliant, row.documents);
                    view! {
                        <tr>
                            <td>{row.rank}</td>
                            <td>{row.agency}</td>
                            <td>{row.documents}</td>
                            <td><Bar value=signing/></td>
                            <td><Bar value=compliance/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Bar(value: f64) -> impl IntoView {
    view! {
        <div class="bar" title=format!("{value:.1}%")>
            // `style:width` sets the property through the CSSOM, which the server's
            // Content-Security-Policy (style-src 'self', no inline style) allows.
            <div class="bar-fill" style:width=format!("{value:.1}%")></div>
            <span class="bar-label">{format!("{value:.1}%")}</span>
        </div>
    }
}

/// Rates are computed at render time from counts, never stored.
fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        #[allow(clippy::cast_precision_loss)]
        let rate = part as f64 * 100.0 / whole as f64;
        rate
    }
}

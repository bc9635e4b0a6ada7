//! The application shell: header, navigation, language toggle and routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::i18n::{provide_lang, use_lang, Lang};
use crate::pages::{rankings::RankingsPage, verify::VerifyPage};

#[component]
pub fn App() -> impl IntoView {
    let lang = provide_lang();
    view! {
        <Router>
            <header class="topbar">
                <div class="brand">
                    <span class="brand-mark" aria-hidden="true">"✓"</span>
                    <div>
                        <div class="brand-name">"kyso"</div>
                        <div class="brand-tagline">
                            {move || lang.get().pick(
                                "Kiểm tra chữ ký số văn bản điện tử",
                                "Digital signature audit for official documents",
                            )}
                        </div>
                    </div>
                </div>
                <nav class="nav" aria-label="main">
                    <A href="/" exact=true attr:id="nav-verify">
                        {move || lang.get().pick("Kiểm tra văn bản", "Verify documents")}
                    </A>
                    <A href="/xep-hang" attr:id="nav-rankings">
                        {move || lang.get().pick("Xếp hạng", "Rankings")}
                    </A>
                </nav>
                <LangToggle/>
            </header>
            <main class="content">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=VerifyPage/>
                    <Route path=path!("/xep-hang") view=RankingsPage/>
                </Routes>
            </main>
            <footer class="footer">
                {move || lang.get().pick(
                    "Theo Nghị định 30/2020/NĐ-CP: văn bản điện tử có chữ ký số của người có thẩm quyền, sau đó là chữ ký số của cơ quan ban hành.",
                    "Per Decree 30/2020/NĐ-CP: an electronic document carries the competent person's digital signature, then the issuing agency's.",
                )}
            </footer>
        </Router>
    }
}

#[component]
fn LangToggle() -> impl IntoView {
    let lang = use_lang();
    let next = move || match lang.get() {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    };
    view! {
        <button
            id="lang-toggle"
            class="lang-toggle"
            title=move || lang.get().pick("Switch to English", "Chuyển sang tiếng Việt")
            on:click=move |_| lang.set(next())
        >
            {move || match lang.get() {
                Lang::Vi => "EN",
                Lang::En => "VI",
            }}
        </button>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="panel">
            <h1>{move || lang.get().pick("Không tìm thấy trang", "Page not found")}</h1>
            <A href="/">{move || lang.get().pick("Về trang kiểm tra", "Back to verification")}</A>
        </section>
    }
}

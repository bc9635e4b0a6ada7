//! kyso's browser app. Verification runs here, in WebAssembly, on the inspector's machine: the
//! documents dropped onto the page are never uploaded.

mod api;
mod app;
mod components;
mod i18n;
mod pages;

fn main() {
    leptos::mount::mount_to_body(app::App);
}

//! Vietnamese first, English on request. Every user-visible sentence is written in both
//! languages at the place it is used, through [`Lang::pick`], so no key table drifts out of date;
//! the words of the report vocabulary (verdicts, statuses, roles …) come from audit-core's
//! labels, the same the CLI prints. [`Lang`] is audit-core's.

pub use audit_core::Lang;
use leptos::prelude::*;

const STORAGE_KEY: &str = "kyso.lang";

/// The language signal shared by every page, restored from and saved to `localStorage`.
pub fn provide_lang() -> RwSignal<Lang> {
    let saved = local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or(Lang::Vi);
    let lang = RwSignal::new(saved);
    Effect::new(move |_| {
        let code = lang.get().code();
        if let Some(storage) = local_storage() {
            // Losing the preference is harmless; the page keeps working in the chosen language.
            let _ = storage.set_item(STORAGE_KEY, code);
        }
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", code);
        }
    });
    provide_context(lang);
    lang
}

/// The current language, from context.
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::Vi))
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

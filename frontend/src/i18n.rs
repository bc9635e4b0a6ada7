//! Vietnamese first, English on request. Every user-visible sentence is written in both
//! languages at the place it is used, through [`Lang::pick`], so no key table drifts out of date.

use leptos::prelude::*;

const STORAGE_KEY: &str = "kyso.lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    /// Chooses the sentence for this language.
    pub fn pick(self, vi: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

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

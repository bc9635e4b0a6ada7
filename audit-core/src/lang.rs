//! The two languages every user-facing word of kyso exists in: Vietnamese first (the inspectors'
//! language, Decree 30's), English second. The CLI text output, the browser app and the labels of
//! the report vocabulary ([`crate::report`]) and of the finding catalogue ([`crate::codes`]) all
//! choose their words through this one type.

/// A user-facing language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Tiếng Việt (the default).
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Vietnamese first.
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// Chooses the words for this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// BCP 47 language tag: `vi` or `en` (HTML `lang`, stored preferences).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The language of a BCP 47 tag written by [`Lang::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

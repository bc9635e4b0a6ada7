//! Tokens of the PDF syntax (ISO 32000-2 §7.2, §7.3) with their byte offsets.
//!
//! The lexer works on the whole file (or a decoded object stream) and never copies more than the
//! token it returns. Every read is bounds-checked; malformed input yields [`PdfError::Syntax`].

use super::error::PdfError;
use super::object::{Span, StringForm};

/// §7.2.3 white-space characters.
pub(crate) fn is_whitespace(b: u8) -> bool {
    matches!(b, 0 | 9 | 10 | 12 | 13 | 32)
}

/// §7.2.3 delimiter characters.
pub(crate) fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_whitespace(b) && !is_delimiter(b)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token<'a> {
    Integer(i64),
    Real(f64),
    Name(Vec<u8>),
    String {
        bytes: Vec<u8>,
        form: StringForm,
    },
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
    /// A run of regular characters that is not a number: `true`, `obj`, `R`, `xref` …
    Keyword(&'a [u8]),
}

/// A cursor over bytes producing [`Token`]s.
#[derive(Debug, Clone)]
pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(data: &'a [u8], pos: usize) -> Self {
        Self { data, pos }
    }

    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    pub(crate) fn set_pos(&mut self, pos: usize) {
        self.pos = pos;
    }

    fn peek_byte(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Skips white-space and comments (§7.2.4).
    pub(crate) fn skip_whitespace(&mut self) {
        while let Some(b) = self.peek_byte() {
            if is_whitespace(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek_byte() {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token and its span, or `None` at the end of the data.
    pub(crate) fn next_token(&mut self) -> Result<Option<(Token<'a>, Span)>, PdfError> {
        self.skip_whitespace();
        let start = self.pos;
        let Some(b) = self.peek_byte() else {
            return Ok(None);
        };
        let token = match b {
            b'[' => {
                self.pos += 1;
                Token::ArrayOpen
            }
            b']' => {
                self.pos += 1;
                Token::ArrayClose
            }
            b'<' if self.data.get(start + 1) == Some(&b'<') => {
                self.pos += 2;
                Token::DictOpen
            }
            b'>' if self.data.get(start + 1) == Some(&b'>') => {
                self.pos += 2;
                Token::DictClose
            }
            b'<' => self.hex_string()?,
            b'(' => self.literal_string()?,
            b'/' => self.name(),
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number()?,
            _ if is_regular(b) => {
                while self.peek_byte().is_some_and(is_regular) {
                    self.pos += 1;
                }
                Token::Keyword(self.data.get(start..self.pos).unwrap_or_default())
            }
            _ => {
                return Err(PdfError::Syntax {
                    offset: start,
                    message: "unexpected delimiter",
                });
            }
        };
        Ok(Some((
            token,
            Span {
                start,
                end: self.pos,
            },
        )))
    }

    /// Like [`Lexer::next_token`] but end of data is an error.
    pub(crate) fn expect_token(&mut self) -> Result<(Token<'a>, Span), PdfError> {
        let at = self.pos;
        self.next_token()?.ok_or(PdfError::UnexpectedEof {
            offset: at.max(self.pos),
        })
    }

    fn number(&mut self) -> Result<Token<'a>, PdfError> {
        let start = self.pos;
        while self.peek_byte().is_some_and(is_regular) {
            self.pos += 1;
        }
        let text = self.data.get(start..self.pos).unwrap_or_default();
        let (sign, digits) = match text.first() {
            Some(b'-') => (-1i64, text.get(1..).unwrap_or_default()),
            Some(b'+') => (1, text.get(1..).unwrap_or_default()),
            _ => (1, text),
        };
        let valid = !digits.is_empty()
            && digits.iter().all(|c| c.is_ascii_digit() || *c == b'.')
            && digits.iter().filter(|c| **c == b'.').count() <= 1
            && digits.iter().any(u8::is_ascii_digit);
        if !valid {
            return Err(PdfError::Syntax {
                offset: start,
                message: "malformed number",
            });
        }
        if !digits.contains(&b'.') {
            let mut value: i64 = 0;
            let mut overflow = false;
            for &d in digits {
                match value
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(i64::from(d - b'0')))
                {
                    Some(v) => value = v,
                    None => {
                        overflow = true;
                        break;
                    }
                }
            }
            if !overflow {
                return Ok(Token::Integer(sign * value));
            }
        }
        // Reals and integers too large for i64 (the latter can never be a valid offset, length
        // or /ByteRange element, so reading them as reals fails closed downstream).
        let s = std::str::from_utf8(text).unwrap_or("0");
        s.parse::<f64>()
            .map(Token::Real)
            .map_err(|_| PdfError::Syntax {
                offset: start,
                message: "malformed number",
            })
    }

    fn name(&mut self) -> Token<'a> {
        self.pos += 1; // '/'
        let mut out = Vec::new();
        while let Some(b) = self.peek_byte() {
            if !is_regular(b) {
                break;
            }
            if b == b'#' {
                let hi = self.data.get(self.pos + 1).copied().and_then(hex_value);
                let lo = self.data.get(self.pos + 2).copied().and_then(hex_value);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    self.pos += 3;
                    continue;
                }
            }
            out.push(b);
            self.pos += 1;
        }
        Token::Name(out)
    }

    fn hex_string(&mut self) -> Result<Token<'a>, PdfError> {
        let start = self.pos;
        self.pos += 1; // '<'
        let mut out = Vec::new();
        let mut pending: Option<u8> = None;
        let mut plain = true;
        loop {
            let Some(b) = self.peek_byte() else {
                return Err(PdfError::UnexpectedEof { offset: start });
            };
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if is_whitespace(b) {
                plain = false;
                continue;
            }
            let Some(v) = hex_value(b) else {
                return Err(PdfError::Syntax {
                    offset: self.pos - 1,
                    message: "non-hexadecimal character in hex string",
                });
            };
            match pending.take() {
                Some(hi) => out.push(hi << 4 | v),
                None => pending = Some(v),
            }
        }
        if let Some(hi) = pending {
            // §7.3.4.3: an odd final digit is followed by an implied 0.
            out.push(hi << 4);
            plain = false;
        }
        Ok(Token::String {
            bytes: out,
            form: StringForm::Hex { plain },
        })
    }

    fn literal_string(&mut self) -> Result<Token<'a>, PdfError> {
        let start = self.pos;
        self.pos += 1; // '('
        let mut out = Vec::new();
        let mut depth: usize = 1;
        loop {
            let Some(b) = self.peek_byte() else {
                return Err(PdfError::UnexpectedEof { offset: start });
            };
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(e) = self.peek_byte() else {
                        return Err(PdfError::UnexpectedEof { offset: start });
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek_byte() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek_byte() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(u8::try_from(v & 0xff).unwrap_or(0));
                        }
                        other => out.push(other),
                    }
                }
                b'\r' => {
                    // §7.3.4.2: an unescaped end-of-line is read as \n.
                    if self.peek_byte() == Some(b'\n') {
                        self.pos += 1;
                    }
                    out.push(b'\n');
                }
                _ => out.push(b),
            }
        }
        Ok(Token::String {
            bytes: out,
            form: StringForm::Literal,
        })
    }
}

/// First occurrence of `needle` in `hay` at or after `from`.
pub(crate) fn find_bytes(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = from;
    while let Some(rest) = hay.get(i..) {
        let j = rest.iter().position(|&b| b == first)?;
        let at = i + j;
        if hay.get(at..at + needle.len()) == Some(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

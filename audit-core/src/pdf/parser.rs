//! Recursive-descent reading of objects (ISO 32000-2 §7.3) from tokens, with bounded depth.

use super::error::PdfError;
use super::lexer::{Lexer, Token};
use super::object::{Dictionary, Name, Object, ObjectId, PdfString, Span};

/// The head of an indirect object (`N G obj <object>`), before any stream data is delimited.
#[derive(Debug)]
pub(crate) struct IndirectHead {
    pub id: ObjectId,
    pub object: Object,
    /// When the object is followed by the `stream` keyword: the position right after it.
    pub stream_keyword_end: Option<usize>,
    /// Position after the object (after `endobj` when present and not a stream).
    pub end: usize,
    pub has_endobj: bool,
}

/// Reads objects from a byte slice. `in_file` says whether positions are file offsets (then
/// strings and dictionaries get spans).
#[derive(Debug)]
pub(crate) struct Parser<'a> {
    pub lexer: Lexer<'a>,
    in_file: bool,
    max_depth: usize,
}

fn object_id(num: i64, generation: i64) -> Option<ObjectId> {
    let num = u32::try_from(num).ok()?;
    let generation = u16::try_from(generation).ok()?;
    Some(ObjectId::new(num, generation))
}

impl<'a> Parser<'a> {
    pub(crate) fn new(data: &'a [u8], pos: usize, in_file: bool, max_depth: usize) -> Self {
        Self {
            lexer: Lexer::new(data, pos),
            in_file,
            max_depth,
        }
    }

    /// Reads one object. `depth` counts enclosing arrays and dictionaries.
    pub(crate) fn parse_object(&mut self, depth: usize) -> Result<Object, PdfError> {
        let (token, span) = self.lexer.expect_token()?;
        self.object_from(token, span, depth)
    }

    fn object_from(
        &mut self,
        token: Token<'a>,
        span: Span,
        depth: usize,
    ) -> Result<Object, PdfError> {
        Ok(match token {
            Token::Integer(i) => {
                // `num gen R`: look ahead two tokens, rewind if it is not a reference.
                let save = self.lexer.pos();
                if let Ok(Some((Token::Integer(g), _))) = self.lexer.next_token() {
                    if let Ok(Some((Token::Keyword(b"R"), _))) = self.lexer.next_token() {
                        return object_id(i, g)
                            .map(Object::Reference)
                            .ok_or(PdfError::Syntax {
                                offset: span.start,
                                message: "object number or generation out of range",
                            });
                    }
                }
                self.lexer.set_pos(save);
                Object::Integer(i)
            }
            Token::Real(r) => Object::Real(r),
            Token::Name(n) => Object::Name(Name(n)),
            Token::String { bytes, form } => Object::String(PdfString {
                bytes,
                form,
                span: self.in_file.then_some(span),
            }),
            Token::ArrayOpen => {
                self.check_depth(depth, span.start)?;
                let mut items = Vec::new();
                loop {
                    let (t, s) = self.lexer.expect_token()?;
                    if t == Token::ArrayClose {
                        break;
                    }
                    items.push(self.object_from(t, s, depth + 1)?);
                }
                Object::Array(items)
            }
            Token::DictOpen => {
                self.check_depth(depth, span.start)?;
                Object::Dictionary(self.dictionary_body(span.start, depth)?)
            }
            Token::Keyword(b"true") => Object::Bool(true),
            Token::Keyword(b"false") => Object::Bool(false),
            Token::Keyword(b"null") => Object::Null,
            Token::Keyword(_) => {
                return Err(PdfError::Syntax {
                    offset: span.start,
                    message: "unexpected keyword",
                })
            }
            Token::ArrayClose | Token::DictClose => {
                return Err(PdfError::Syntax {
                    offset: span.start,
                    message: "unexpected closing delimiter",
                })
            }
        })
    }

    fn check_depth(&self, depth: usize, offset: usize) -> Result<(), PdfError> {
        if depth >= self.max_depth {
            Err(PdfError::TooDeep {
                offset,
                limit: self.max_depth,
            })
        } else {
            Ok(())
        }
    }

    fn dictionary_body(&mut self, start: usize, depth: usize) -> Result<Dictionary, PdfError> {
        let mut dict = Dictionary::default();
        loop {
            let (t, s) = self.lexer.expect_token()?;
            match t {
                Token::DictClose => {
                    dict.span = self.in_file.then_some(Span { start, end: s.end });
                    return Ok(dict);
                }
                Token::Name(key) => {
                    let value = self.parse_object(depth + 1)?;
                    let key = Name(key);
                    if dict.entries.iter().any(|(k, _)| *k == key) {
                        dict.duplicate_keys.push(key.clone());
                    }
                    dict.entries.push((key, value));
                }
                _ => {
                    return Err(PdfError::Syntax {
                        offset: s.start,
                        message: "dictionary key is not a name",
                    })
                }
            }
        }
    }

    /// Reads `N G obj <object>` and what follows it: `stream` or `endobj`.
    pub(crate) fn parse_indirect(&mut self) -> Result<IndirectHead, PdfError> {
        self.lexer.skip_whitespace();
        let start = self.lexer.pos();
        let (num, generation) = match (self.lexer.next_token()?, self.lexer.next_token()?) {
            (Some((Token::Integer(n), _)), Some((Token::Integer(g), _))) => (n, g),
            _ => {
                return Err(PdfError::Syntax {
                    offset: start,
                    message: "expected an object header `N G obj`",
                })
            }
        };
        match self.lexer.next_token()? {
            Some((Token::Keyword(b"obj"), _)) => {}
            _ => {
                return Err(PdfError::Syntax {
                    offset: start,
                    message: "expected an object header `N G obj`",
                })
            }
        }
        let id = object_id(num, generation).ok_or(PdfError::Syntax {
            offset: start,
            message: "object number or generation out of range",
        })?;
        let object = self.parse_object(0)?;
        let after_object = self.lexer.pos();
        let mut head = IndirectHead {
            id,
            object,
            stream_keyword_end: None,
            end: after_object,
            has_endobj: false,
        };
        match self.lexer.next_token() {
            Ok(Some((Token::Keyword(b"stream"), s)))
                if matches!(head.object, Object::Dictionary(_)) =>
            {
                head.stream_keyword_end = Some(s.end);
                head.end = s.end;
            }
            Ok(Some((Token::Keyword(b"endobj"), s))) => {
                head.has_endobj = true;
                head.end = s.end;
            }
            _ => self.lexer.set_pos(after_object),
        }
        Ok(head)
    }
}

/// Delimits a stream's data (§7.3.8.1): after `stream` comes CRLF or LF, then `length` bytes,
/// then optional EOL and `endstream`. If /Length does not land on `endstream`, the data is
/// delimited by the keyword instead and the mismatch recorded. Returns the data span and the
/// position after `endstream`.
pub(crate) fn delimit_stream(
    bytes: &[u8],
    keyword_end: usize,
    length: Option<usize>,
    anomalies: &mut Vec<super::error::Anomaly>,
) -> Result<(Span, usize), PdfError> {
    use super::error::Anomaly;
    use super::lexer::find_bytes;
    let data_start = match (bytes.get(keyword_end), bytes.get(keyword_end + 1)) {
        (Some(b'\r'), Some(b'\n')) => keyword_end + 2,
        (Some(b'\n'), _) => keyword_end + 1,
        (Some(b'\r'), _) => {
            anomalies.push(Anomaly::StreamKeywordEol {
                offset: keyword_end,
            });
            keyword_end + 1
        }
        _ => {
            anomalies.push(Anomaly::StreamKeywordEol {
                offset: keyword_end,
            });
            keyword_end
        }
    };
    if let Some(len) = length {
        if let Some(end) = data_start.checked_add(len).filter(|e| *e <= bytes.len()) {
            let mut p = end;
            while bytes
                .get(p)
                .is_some_and(|b| super::lexer::is_whitespace(*b))
            {
                p += 1;
            }
            if bytes.get(p..p + 9) == Some(b"endstream") {
                return Ok((
                    Span {
                        start: data_start,
                        end,
                    },
                    p + 9,
                ));
            }
        }
    }
    let Some(kw) = find_bytes(bytes, b"endstream", data_start) else {
        return Err(PdfError::Syntax {
            offset: keyword_end,
            message: "stream without endstream",
        });
    };
    let mut end = kw;
    if end > data_start && bytes.get(end - 1) == Some(&b'\n') {
        end -= 1;
    }
    if end > data_start && bytes.get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    anomalies.push(Anomaly::StreamLengthMismatch {
        offset: keyword_end,
        declared: length.unwrap_or(usize::MAX),
        found: end - data_start,
    });
    Ok((
        Span {
            start: data_start,
            end,
        },
        kw + 9,
    ))
}

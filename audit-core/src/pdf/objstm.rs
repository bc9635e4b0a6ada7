//! Object streams (ISO 32000-2 §7.5.7): objects stored compressed inside a stream, read through
//! type 2 cross-reference entries. Each object stream is decoded once per revision that defines
//! it and cached.

use super::document::Document;
use super::error::PdfError;
use super::lexer::{Lexer, Token};
use super::object::{Object, ObjectId, Stream};
use super::parser::Parser;

/// A decoded object stream: its data, where the first object starts, and the (object number,
/// relative offset) pairs of its header.
#[derive(Debug)]
pub(super) struct ObjStm {
    data: Vec<u8>,
    first: usize,
    offsets: Vec<(u32, usize)>,
}

impl Document<'_> {
    pub(super) fn read_compressed(
        &self,
        id: ObjectId,
        stream: u32,
        index: u32,
        rev: usize,
        depth: usize,
    ) -> Result<Object, PdfError> {
        let stm_id = ObjectId::new(stream, 0);
        if stream == id.num {
            return Err(PdfError::NotInObjectStream { id, stream });
        }
        let Some(stm) = self.resolve_at(stm_id, rev, depth + 1)? else {
            return Err(PdfError::NotInObjectStream { id, stream });
        };
        let key = (stream, stm.revision);
        if !self.objstm_cache.borrow().contains_key(&key) {
            let Object::Stream(s) = &stm.object else {
                return Err(PdfError::WrongType {
                    id: stm_id,
                    expected: "object stream",
                });
            };
            let loaded = self.load_objstm(stm_id, s, stm.revision, depth)?;
            self.objstm_cache.borrow_mut().insert(key, loaded);
        }
        let cache = self.objstm_cache.borrow();
        let Some(os) = cache.get(&key) else {
            return Err(PdfError::NotInObjectStream { id, stream });
        };
        let i = usize::try_from(index).map_err(|_| PdfError::NotInObjectStream { id, stream })?;
        let Some(&(num, rel)) = os.offsets.get(i) else {
            return Err(PdfError::NotInObjectStream { id, stream });
        };
        if num != id.num {
            return Err(PdfError::NotInObjectStream { id, stream });
        }
        let pos = os
            .first
            .checked_add(rel)
            .filter(|p| *p <= os.data.len())
            .ok_or(PdfError::NotInObjectStream { id, stream })?;
        let mut parser = Parser::new(&os.data, pos, false, self.limits.max_depth);
        parser.parse_object(0)
    }

    fn load_objstm(
        &self,
        id: ObjectId,
        s: &Stream,
        rev: usize,
        depth: usize,
    ) -> Result<ObjStm, PdfError> {
        let bad = || PdfError::WrongType {
            id,
            expected: "object stream",
        };
        if !s.dict.has_name(b"Type", b"ObjStm") {
            return Err(bad());
        }
        let n = s
            .dict
            .get(b"N")
            .map(|o| self.deref(o, rev))
            .transpose()?
            .and_then(|o| o.as_integer());
        let first = s
            .dict
            .get(b"First")
            .map(|o| self.deref(o, rev))
            .transpose()?
            .and_then(|o| o.as_integer());
        let (Some(n), Some(first)) = (n, first) else {
            return Err(bad());
        };
        let n = usize::try_from(n).map_err(|_| bad())?;
        let first = usize::try_from(first).map_err(|_| bad())?;
        let data = self.decode_stream_inner(s, rev, depth)?;
        if first > data.len() || n > data.len() {
            return Err(bad());
        }
        let mut lexer = Lexer::new(&data, 0);
        // Each pair takes at least 4 bytes: bound the allocation by the data, not by /N.
        let mut offsets = Vec::with_capacity(n.min(data.len() / 4));
        for _ in 0..n {
            match (lexer.next_token()?, lexer.next_token()?) {
                (Some((Token::Integer(num), _)), Some((Token::Integer(off), _))) => {
                    let num = u32::try_from(num).map_err(|_| bad())?;
                    let off = usize::try_from(off).map_err(|_| bad())?;
                    offsets.push((num, off));
                }
                _ => return Err(bad()),
            }
        }
        Ok(ObjStm {
            data,
            first,
            offsets,
        })
    }
}

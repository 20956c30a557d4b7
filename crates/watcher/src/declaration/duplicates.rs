//! Finds a key written twice in one JSON object. A JSON reader keeps the last of two equal
//! keys in a map, so a declaration with two entries for one document type would lose the
//! first without a word.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// A key found twice: the keys of the objects it sits in, outermost first, and the line of
/// its second occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DuplicateKey {
    pub path: Vec<String>,
    pub key: String,
    pub line: usize,
}

/// Returns the first key written twice in one object of `json`. Invalid JSON gives `None`,
/// because the declaration reader reports it with its own message.
pub(super) fn find_duplicate_key(json: &str) -> Option<DuplicateKey> {
    let found = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let walk = Walk { path: Vec::new(), found: &found };
    let error = walk.deserialize(&mut deserializer).err()?;
    let (path, key) = found.into_inner()?;
    Some(DuplicateKey { path, key, line: error.line() })
}

/// Walks one JSON value, recording the first duplicate key in `found`.
struct Walk<'f> {
    path: Vec<String>,
    found: &'f RefCell<Option<(Vec<String>, String)>>,
}

impl Walk<'_> {
    fn child(&self, name: String) -> Self {
        let mut path = self.path.clone();
        path.push(name);
        Walk { path, found: self.found }
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        while seq.next_element_seed(self.child(format!("[{index}]")))?.is_some() {
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !keys.insert(key.clone()) {
                *self.found.borrow_mut() = Some((self.path.clone(), key));
                return Err(de::Error::custom("duplicate key"));
            }
            map.next_value_seed(self.child(key))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_duplicate_is_found_with_its_path() {
        let json = "{\n\"name\": \"A\",\n\"terms\": {\n\"Terms\": {\"fetch\": \"x\"},\n\
                    \"Terms\": {\"fetch\": \"y\"}\n}\n}";

        let found = find_duplicate_key(json).expect("a duplicate");

        assert_eq!(found.path, ["terms"]);
        assert_eq!(found.key, "Terms");
        assert_eq!(found.line, 5);
    }

    #[test]
    fn equal_keys_in_sibling_objects_are_allowed() {
        let json = r#"{"terms": {"A": {"fetch": "x"}, "B": {"fetch": "y"}}, "list": [{"k": 1}, {"k": 2}]}"#;

        assert_eq!(find_duplicate_key(json), None);
    }

    #[test]
    fn invalid_json_is_left_to_the_reader() {
        assert_eq!(find_duplicate_key("{\"a\": "), None);
    }
}

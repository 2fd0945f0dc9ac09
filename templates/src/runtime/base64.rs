//! [`Base64`]: bytes that travel as a base64 string (`format: byte`, 3.1's
//! `contentEncoding: base64`).

use std::fmt;
use std::ops::Deref;

use ::base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use ::base64::Engine as _;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Bytes sent as a base64 string: written in the standard alphabet with padding; read in
/// the standard or the URL-safe alphabet, padded or not, line breaks ignored (what
/// servers send varies).
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Base64(pub Vec<u8>);

impl Base64 {
    /// The bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }

    /// The bytes in base64, as they are sent.
    pub fn encoded(&self) -> String {
        STANDARD.encode(&self.0)
    }

    /// Reads base64 text in any of the accepted forms; `None` when it is not base64.
    pub fn decode(text: &str) -> Option<Self> {
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(compact.as_bytes()).ok())
            .map(Base64)
    }
}

impl Deref for Base64 {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Base64 {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

impl From<&[u8]> for Base64 {
    fn from(bytes: &[u8]) -> Self {
        Base64(bytes.to_vec())
    }
}

/// Short values as their base64 text, long ones by length.
impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.len() <= 48 {
            write!(f, "Base64({:?})", self.encoded())
        } else {
            write!(f, "Base64({} bytes)", self.0.len())
        }
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encoded())
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = Base64;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Base64, E> {
                Base64::decode(text).ok_or_else(|| E::custom("invalid base64"))
            }
        }
        deserializer.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accepted_form_reads_and_writes_standard() {
        for text in [
            "aGk/Pz4+",
            "aGk_Pz4-",
            "aGk/Pz4+\n",
            "aGVsbG8=",
            "aGVsbG8",
            "aGVs\r\nbG8=",
        ] {
            let value: Base64 = serde_json::from_value(serde_json::json!(text)).unwrap();
            let back = serde_json::to_value(&value).unwrap();
            assert_eq!(
                Base64::decode(back.as_str().unwrap()),
                Some(value),
                "{text}"
            );
        }
        let hello: Base64 = serde_json::from_str("\"aGVsbG8\"").unwrap();
        assert_eq!(&*hello, b"hello");
        assert_eq!(serde_json::to_string(&hello).unwrap(), "\"aGVsbG8=\"");
    }

    #[test]
    fn not_base64_is_a_decode_error() {
        let error = serde_json::from_str::<Base64>("\"not base64!\"").unwrap_err();
        assert!(error.to_string().contains("invalid base64"), "{error}");
        assert!(serde_json::from_str::<Base64>("42").is_err());
    }
}

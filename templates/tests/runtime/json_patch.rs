//! `JsonPatch` against RFC 6902's own examples: written byte for byte as the RFC writes
//! them (compacted), and read back; `json_pointer` against RFC 6901's.

use serde_json::json;
use templates::runtime::{json_pointer, JsonPatch, PatchOperation};

/// The RFC's text with its insignificant white space removed (keys keep their order).
fn compact(rfc_text: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(rfc_text).expect("the RFC's JSON");
    serde_json::to_string(&value).expect("JSON")
}

/// The patch document of RFC 6902 section 3, one operation of each kind.
const SECTION_3: &str = r#"
   [
     { "op": "test", "path": "/a/b/c", "value": "foo" },
     { "op": "remove", "path": "/a/b/c" },
     { "op": "add", "path": "/a/b/c", "value": [ "foo", "bar" ] },
     { "op": "replace", "path": "/a/b/c", "value": 42 },
     { "op": "move", "from": "/a/b/c", "path": "/a/b/d" },
     { "op": "copy", "from": "/a/b/d", "path": "/a/b/e" }
   ]"#;

#[test]
fn every_operation_is_written_as_rfc_6902_writes_it() {
    let patch = JsonPatch::new()
        .test("/a/b/c", "foo")
        .remove("/a/b/c")
        .add("/a/b/c", json!(["foo", "bar"]))
        .replace("/a/b/c", 42)
        .move_from("/a/b/c", "/a/b/d")
        .copy_from("/a/b/d", "/a/b/e");
    let written = serde_json::to_string(&patch).unwrap();
    assert_eq!(written, compact(SECTION_3));
    assert_eq!(
        written,
        r#"[{"op":"test","path":"/a/b/c","value":"foo"},{"op":"remove","path":"/a/b/c"},{"op":"add","path":"/a/b/c","value":["foo","bar"]},{"op":"replace","path":"/a/b/c","value":42},{"op":"move","from":"/a/b/c","path":"/a/b/d"},{"op":"copy","from":"/a/b/d","path":"/a/b/e"}]"#
    );
    let read: JsonPatch = serde_json::from_str(SECTION_3).unwrap();
    assert_eq!(read, patch);
}

/// The patches of RFC 6902 appendix A, each built in Rust and compared with the RFC's
/// text.
#[test]
fn the_appendix_examples_round_trip() {
    let cases: Vec<(&str, &str, JsonPatch)> = vec![
        (
            "A.1 adding an object member",
            r#"[ { "op": "add", "path": "/baz", "value": "qux" } ]"#,
            JsonPatch::new().add("/baz", "qux"),
        ),
        (
            "A.2 adding an array element",
            r#"[ { "op": "add", "path": "/foo/1", "value": "qux" } ]"#,
            JsonPatch::new().add("/foo/1", "qux"),
        ),
        (
            "A.3 removing an object member",
            r#"[ { "op": "remove", "path": "/baz" } ]"#,
            JsonPatch::new().remove("/baz"),
        ),
        (
            "A.4 removing an array element",
            r#"[ { "op": "remove", "path": "/foo/1" } ]"#,
            JsonPatch::new().remove("/foo/1"),
        ),
        (
            "A.5 replacing a value",
            r#"[ { "op": "replace", "path": "/baz", "value": "boo" } ]"#,
            JsonPatch::new().replace("/baz", "boo"),
        ),
        (
            "A.6 moving a value",
            r#"[ { "op": "move", "from": "/foo/waldo", "path": "/qux/thud" } ]"#,
            JsonPatch::new().move_from("/foo/waldo", "/qux/thud"),
        ),
        (
            "A.7 moving an array element",
            r#"[ { "op": "move", "from": "/foo/1", "path": "/foo/3" } ]"#,
            JsonPatch::new().move_from("/foo/1", "/foo/3"),
        ),
        (
            "A.8 testing a value: success",
            r#"[
                 { "op": "test", "path": "/baz", "value": "qux" },
                 { "op": "test", "path": "/foo/1", "value": 2 }
               ]"#,
            JsonPatch::new().test("/baz", "qux").test("/foo/1", 2),
        ),
        (
            "A.10 adding a nested member object",
            r#"[ { "op": "add", "path": "/child", "value": { "grandchild": { } } } ]"#,
            JsonPatch::new().add("/child", json!({"grandchild": {}})),
        ),
        (
            "A.14 ~ escape ordering",
            r#"[ {"op": "test", "path": "/~01", "value": 10} ]"#,
            JsonPatch::new().test(json_pointer(["~1"]), 10),
        ),
        (
            "A.16 adding an array value",
            r#"[ { "op": "add", "path": "/foo/-", "value": ["abc", "def"] } ]"#,
            JsonPatch::new().add("/foo/-", json!(["abc", "def"])),
        ),
    ];
    for (name, rfc_text, patch) in cases {
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            compact(rfc_text),
            "{name}"
        );
        let read: JsonPatch = serde_json::from_str(rfc_text).unwrap();
        assert_eq!(read, patch, "{name}");
    }
}

#[test]
fn members_an_operation_does_not_define_are_ignored_and_missing_ones_refused() {
    // A.11: "Ignoring Unrecognized Elements".
    let read: JsonPatch =
        serde_json::from_str(r#"[ { "op": "add", "path": "/baz", "value": "qux", "xyz": 123 } ]"#)
            .unwrap();
    assert_eq!(read, JsonPatch::new().add("/baz", "qux"));
    // An `add` must have a `value` (section 4.1), which may be `null`.
    assert!(serde_json::from_str::<JsonPatch>(r#"[{"op":"add","path":"/a"}]"#).is_err());
    let null: JsonPatch = serde_json::from_str(r#"[{"op":"add","path":"/a","value":null}]"#)
        .expect("null is a value");
    assert_eq!(null, JsonPatch::new().add("/a", json!(null)));
    assert!(serde_json::from_str::<JsonPatch>(r#"[{"op":"frobnicate","path":"/a"}]"#).is_err());
    assert!(serde_json::from_str::<JsonPatch>(r#"[{"op":"move","path":"/a"}]"#).is_err());
}

#[test]
fn a_patch_is_built_from_operations_in_any_way() {
    let ops = vec![
        PatchOperation::Remove { path: "/a".into() },
        PatchOperation::Add {
            path: "/b".into(),
            value: json!(true),
        },
    ];
    let from_vec = JsonPatch::from(ops.clone());
    let collected: JsonPatch = ops.iter().cloned().collect();
    let mut pushed = JsonPatch::new();
    for op in &ops {
        pushed.push(op.clone());
    }
    assert_eq!(from_vec, collected);
    assert_eq!(from_vec, pushed);
    assert_eq!(from_vec.operations(), ops.as_slice());
    assert_eq!(
        serde_json::to_string(&JsonPatch::default()).unwrap(),
        "[]",
        "an empty patch is an empty array"
    );
}

/// RFC 6901 section 5's document keys, and the pointers that reach them.
#[test]
fn pointers_escape_as_rfc_6901_says() {
    let cases: &[(&[&str], &str)] = &[
        (&[], ""),
        (&["foo"], "/foo"),
        (&["foo", "0"], "/foo/0"),
        (&[""], "/"),
        (&["a/b"], "/a~1b"),
        (&["c%d"], "/c%d"),
        (&["e^f"], "/e^f"),
        (&["g|h"], "/g|h"),
        (&["i\\j"], "/i\\j"),
        (&["k\"l"], "/k\"l"),
        (&[" "], "/ "),
        (&["m~n"], "/m~0n"),
        // `~1` is escaped as `~01`, never read back as `/` (RFC 6902 A.14).
        (&["~1"], "/~01"),
        (
            &["metadata", "labels", "app.kubernetes.io/name"],
            "/metadata/labels/app.kubernetes.io~1name",
        ),
    ];
    for (keys, pointer) in cases {
        assert_eq!(json_pointer(*keys), *pointer, "{keys:?}");
    }
}

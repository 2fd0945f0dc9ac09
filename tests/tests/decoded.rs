//! What a decoded value means (issue 21), with the module generated from
//! `tests/fixtures/decoded.yaml`: each value decodes as the type and variant its schema
//! says, and encodes back to the JSON it came from.

use serde_json::{json, Value};

/// The runtime, as every generated crate has it at `crate::runtime`, for the fixture.
#[path = "../../templates/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

/// The fixture's generated module.
mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixture_decoded.rs"));
}

use fixtures::decoded::types;

/// The warnings the generator gives for the fixture.
fn fixture_warnings() -> String {
    let path = "tests/fixtures/decoded.yaml";
    let text = std::fs::read_to_string(tests::repo_root().join(path)).expect("fixture");
    let files = openapi_gen::Disk::new(tests::repo_root());
    match openapi_gen::generate_with(std::path::Path::new(path), &text, &files) {
        Ok(generated) => generated.warnings.to_string(),
        Err(report) => panic!("{report}"),
    }
}

/// `value` decoded as `T`, after checking that it encodes back to itself.
fn decode<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(
        serde_json::to_value(&decoded).expect("encodes"),
        value,
        "encodes back to what was received"
    );
    decoded
}

#[test]
fn an_integer_enum_written_as_constants_is_one_enum() {
    use types::{Message, MessageFlags, MessageType, OptionKind};

    let message: Message = decode(json!({"id": "1", "type": 19, "flags": 4, "kind": 2}));
    assert_eq!(message.r#type, MessageType::Reply);
    assert_eq!(message.flags, Some(MessageFlags::Urgent));
    assert_eq!(message.kind, Some(OptionKind::String));
    // Named by value when the member has no title; values the spec does not list kept.
    assert_eq!(decode::<MessageFlags>(json!(8)), MessageFlags::V8);
    assert_eq!(decode::<MessageType>(json!(0)), MessageType::Default);
    assert_eq!(decode::<MessageType>(json!(1)), MessageType::RecipientAdd);
    assert_eq!(decode::<MessageType>(json!(7)), MessageType::Other(7));
    assert_eq!(MessageType::Reply.value(), 19);
}

#[test]
fn an_integer_enum_of_one_constant_is_an_enum_of_its_own_named_by_title() {
    use types::{Message, PurchaseType, ReferenceType};

    let message: Message = decode(json!({"id": "1", "type": 0, "purchase": 0, "reference": 0}));
    assert_eq!(message.purchase, Some(PurchaseType::GuildProduct));
    assert_eq!(message.reference, Some(ReferenceType::Default));
    assert_eq!(decode::<PurchaseType>(json!(3)), PurchaseType::Other(3));
}

/// Records the body of each request and answers it with the user as stored.
#[derive(Clone, Default)]
struct Store(std::sync::Arc<std::sync::Mutex<Vec<Value>>>);

impl runtime::Hook for Store {
    fn on_request(
        &self,
        request: &mut runtime::HookRequest<'_>,
    ) -> Result<runtime::Action, runtime::Refusal> {
        let sent: Value = serde_json::from_slice(request.body().unwrap_or_default()).unwrap();
        self.0.lock().unwrap().push(sent);
        let stored = json!({
            "id": "u1", "name": "Ada", "created_at": "2024-01-01T00:00:00Z",
            "team": {"id": "t1", "name": "core"}
        });
        Ok(runtime::Action::Respond(
            runtime::Reply::new(reqwest::StatusCode::OK).json(&stored),
        ))
    }
}

#[tokio::test]
async fn read_only_fields_are_kept_when_encoded_and_never_sent() {
    let store = Store::default();
    let client = fixtures::decoded::Client::builder()
        .base_url("http://127.0.0.1:9")
        .hook(store.clone())
        .build()
        .expect("client");
    let user: types::User = decode(json!({
        "id": "u1", "name": "Ada", "created_at": "2024-01-01T00:00:00Z",
        "team": {"id": "t1", "name": "core"}
    }));
    // Sent: the read-only fields are left out, nested ones too.
    let stored = client.put_user("u1", user.clone()).await.expect("answered");
    assert_eq!(
        store.0.lock().unwrap().as_slice(),
        [json!({"name": "Ada", "team": {"name": "core"}})]
    );
    // Received: kept, and encoded again as received.
    assert_eq!(stored.body(), &user);
    assert_eq!(
        serde_json::to_value(&user).unwrap()["created_at"],
        json!("2024-01-01T00:00:00Z")
    );
}

#[test]
fn new_fills_in_a_constant_tag() {
    use types::{AllowedTools, AllowedToolsType};

    let tools = AllowedTools::new(vec!["search".to_owned()]);
    assert_eq!(tools.r#type, AllowedToolsType::AllowedTools);
    assert_eq!(
        serde_json::to_value(&tools).unwrap(),
        json!({"type": "allowed_tools", "tools": ["search"]})
    );
    assert_eq!(
        decode::<AllowedTools>(json!({"type": "allowed_tools", "tools": ["search"]})),
        tools
    );
}

#[test]
fn an_all_of_of_an_array_is_the_array() {
    use types::{CommonFailure, ListResponse};

    let failure: CommonFailure = decode(json!({
        "errors": [{"code": 7, "message": "bad"}], "messages": [], "result": null, "success": false
    }));
    assert_eq!(failure.errors[0].code, 7);
    assert_eq!(failure.result, None);
    let list: ListResponse = decode(json!({
        "errors": [], "messages": [{"code": 1, "message": "ok"}], "result": ["a", "b"], "success": true
    }));
    assert_eq!(list.messages[0].message, "ok");
    assert_eq!(list.result, Some(vec!["a".to_owned(), "b".to_owned()]));
    let empty: ListResponse =
        decode(json!({"errors": [], "messages": [], "result": null, "success": true}));
    assert_eq!(empty.result, None);
}

#[test]
fn an_untagged_value_decodes_as_the_member_it_fits_most_closely() {
    use types::{Event, ModelId, ModelIdVariant2, Pet, Shape};

    // A known value is the enum's (the most specific member of the `anyOf`); any other
    // string is the string member's, not the enum's `Other`.
    assert_eq!(
        decode::<ModelId>(json!("gpt-4o")),
        ModelId::ModelIdVariant2(ModelIdVariant2::Gpt4o)
    );
    assert_eq!(
        decode::<ModelId>(json!("o3")),
        ModelId::String("o3".to_owned())
    );
    // Both members require `id`; the other keys tell them apart.
    assert!(matches!(
        decode::<Shape>(json!({"id": "s", "side": 2.0})),
        Shape::Square(_)
    ));
    assert!(matches!(
        decode::<Shape>(json!({"id": "c", "radius": 1.0})),
        Shape::Circle(_)
    ));
    // A value with keys neither names still decodes, as the first member that takes it.
    let loose: Shape = serde_json::from_value(json!({"id": "x", "z": 1})).unwrap();
    assert!(matches!(loose, Shape::Circle(_)));
    // The struct that ignores unknown keys does not take a cat; an unknown kind is the
    // struct's, not the tagged union's `Other`.
    match decode::<Event>(json!({"kind": "cat", "meow": true})) {
        Event::Pet(Pet::Cat(cat)) => assert_eq!(cat.meow, Some(true)),
        other => panic!("a cat decoded as {other:?}"),
    }
    assert!(matches!(
        decode::<Event>(json!({"kind": "robot", "legacy_id": 3})),
        Event::Legacy(_)
    ));
}

#[test]
fn members_of_a_union_decoded_untagged_keep_their_tag() {
    use types::ItemResource;

    let output = json!({"type": "computer_call_output", "call_id": "c1"});
    assert!(matches!(
        decode::<ItemResource>(output),
        ItemResource::ComputerCallOutput(_)
    ));
    // Both messages pin `type: message`; the role tells them apart.
    let reply = json!({"type": "message", "role": "assistant", "content": "hi"});
    assert!(matches!(
        decode::<ItemResource>(reply),
        ItemResource::OutputMessage(_)
    ));
    let asked = json!({"type": "message", "role": "user", "content": "hello"});
    assert!(matches!(
        decode::<ItemResource>(asked),
        ItemResource::InputMessage(_)
    ));
}

#[test]
fn an_explicit_type_wins_over_additional_properties() {
    use types::HookDeliveryResponse;

    let response: HookDeliveryResponse = decode(json!({"payload": "ok"}));
    assert_eq!(response.payload.as_deref(), Some("ok"));
    let empty: HookDeliveryResponse = decode(json!({"payload": null}));
    assert_eq!(empty.payload, None);
}

#[test]
fn values_convert_into_their_unions_as_a_person_writes_them() {
    use types::{Circle, Event, Legacy, ModelId, ModelIdVariant2, Pet, Shape};

    // Text into a string beside a string enum: the enum's when it knows the value, as
    // decoding gives it.
    assert_eq!(
        ModelId::from("gpt-4o"),
        ModelId::ModelIdVariant2(ModelIdVariant2::Gpt4o)
    );
    assert_eq!(ModelId::from("o3".to_owned()), ModelId::String("o3".into()));
    assert_eq!(
        ModelId::from("gpt-4o"),
        serde_json::from_value::<ModelId>(json!("gpt-4o")).unwrap()
    );
    // Each member's type into its union; a string into an open string enum.
    let circle: Shape = Circle::new("c").into();
    assert!(matches!(circle, Shape::Circle(_)));
    let legacy: Event = Legacy::new("robot").into();
    assert!(matches!(legacy, Event::Legacy(_)));
    let pet: Event = Pet::from(types::Cat::new()).into();
    assert!(matches!(pet, Event::Pet(Pet::Cat(_))));
    assert_eq!(
        ModelIdVariant2::from("gpt-4o-mini"),
        ModelIdVariant2::Gpt4oMini
    );
}

#[test]
fn a_map_in_a_union_is_built_from_pairs_as_a_map_is() {
    use std::collections::BTreeMap;

    use types::Metadata;

    let pairs = [("order_id".to_string(), "6735".to_string())];
    let metadata = Metadata::from(pairs.clone());
    assert_eq!(metadata, Metadata::from(BTreeMap::from(pairs)));
    assert_eq!(
        serde_json::to_value(&metadata).unwrap(),
        json!({"order_id": "6735"})
    );
    assert_eq!(metadata, decode::<Metadata>(json!({"order_id": "6735"})));
}

#[test]
fn constructors_take_what_converts_into_a_union() {
    use types::{Circle, CompletionRequest, CompletionRequestSpeed, Square};

    let request = CompletionRequest::new(
        "gpt-4o-mini",
        vec![Circle::new("c").into(), Square::new("s").into()],
    )
    .with_speed("fast");
    assert_eq!(request.speed, Some(CompletionRequestSpeed::Fast));
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"model": "gpt-4o-mini", "shapes": [{"id": "c"}, {"id": "s"}], "speed": "fast"})
    );
}

#[test]
fn text_converts_into_a_union_whose_string_member_is_an_alias() {
    use types::{Project, SlugOrId};

    assert_eq!(SlugOrId::from("p1"), SlugOrId::Slug("p1".to_string()));
    let project = Project::new("p1");
    assert_eq!(project.owner, SlugOrId::Slug("p1".to_string()));
    assert_eq!(
        serde_json::to_value(&project).unwrap(),
        json!({"owner": "p1"})
    );
}

#[test]
fn closed_tuples_are_rust_tuples() {
    use types::{MessageType, Point, Span};

    let point: Point = decode(json!([1.5, -2.0]));
    assert_eq!(point, (1.5, -2.0));
    let span: Span = decode(json!({"range": [3, 9, 19]}));
    assert_eq!(span.range, (3, 9, MessageType::Reply));
    // A tuple of another length is refused.
    assert!(serde_json::from_value::<Point>(json!([1.0, 2.0, 3.0])).is_err());
}

#[test]
fn a_bare_object_member_takes_objects() {
    use types::PatchValue;

    assert!(matches!(
        decode::<PatchValue>(json!({})),
        PatchValue::Json(_)
    ));
    assert!(matches!(
        decode::<PatchValue>(json!({"active": false})),
        PatchValue::Json(_)
    ));
    assert!(matches!(
        decode::<PatchValue>(json!("x")),
        PatchValue::String(_)
    ));
    assert!(matches!(
        decode::<PatchValue>(json!([1])),
        PatchValue::JsonList(_)
    ));
}

#[test]
fn a_required_key_no_property_describes_is_kept() {
    use types::DockerMetadata;

    let metadata: DockerMetadata = decode(json!({"tags": "latest", "tag": ["a"]}));
    assert_eq!(metadata.tags, json!("latest"));
    // It is required: a value without it is refused.
    assert!(serde_json::from_value::<DockerMetadata>(json!({"tag": []})).is_err());
}

#[test]
#[allow(deprecated)] // `instances` is deprecated in the fixture, as in GitHub's spec.
fn null_in_an_untyped_property_is_kept() {
    use types::Alert;

    let alert: Alert = decode(json!({"number": 1, "instances": null}));
    assert_eq!(alert.instances, Some(Value::Null));
    let absent: Alert = decode(json!({"number": 1}));
    assert_eq!(absent.instances, None);
}

#[test]
fn members_that_admit_other_keys_keep_them_in_the_one_struct() {
    use types::CheckRun;

    let run: CheckRun = decode(json!({"name": "ci", "status": "completed", "extra": "value"}));
    assert_eq!(run.additional_properties["extra"], json!("value"));
}

#[test]
fn nullable_said_by_an_all_of_part_keeps_null() {
    use types::Upload;

    let upload: Upload = decode(json!({"id": "u", "file": null}));
    assert_eq!(upload.file, Some(None));
    let done: Upload = decode(json!({"id": "u", "file": {"name": "a.txt"}}));
    assert_eq!(
        done.file.flatten().map(|f| f.name),
        Some("a.txt".to_owned())
    );
}

#[test]
fn a_union_beside_only_type_object_is_a_union() {
    use types::Grader;

    let score: Grader = decode(json!({"type": "score_model", "input": ["a", "b"]}));
    assert!(matches!(score, Grader::ScoreModel(_)), "{score:?}");
    let check: Grader = decode(json!({"type": "string_check", "input": "a"}));
    assert!(matches!(check, Grader::StringCheck(_)), "{check:?}");
}

#[test]
fn a_float_encodes_back_as_written() {
    use types::Embedding;

    let embedding: Embedding = decode(json!({"embedding": [473.29, 0.123456789, 939.0]}));
    assert_eq!(embedding.embedding[0], 473.29);
}

#[test]
fn a_schema_sent_as_json_and_as_multipart_keeps_its_json_form() {
    use types::{FileBody, FileBodyMultipart};

    let json: FileBody = decode(json!({"file_id": "f1", "file": "aGVsbG8="}));
    assert_eq!(json.file.as_deref(), Some("aGVsbG8="));
    let form = FileBodyMultipart::new().with_file(runtime::FilePart::new(b"hello".to_vec()));
    assert!(form.file.is_some());
}

#[test]
fn a_member_tagged_other_is_not_the_unknown_tags_variant() {
    use types::Chunking;

    let other: Chunking = decode(json!({"type": "other"}));
    assert!(!matches!(other, Chunking::Other(_)), "{other:?}");
    let unknown: Chunking = decode(json!({"type": "semantic", "size": 3}));
    assert!(matches!(unknown, Chunking::Other(_)), "{unknown:?}");
    assert!(matches!(
        decode::<Chunking>(json!({"type": "static", "size": 3})),
        Chunking::Static(_)
    ));
}

#[test]
fn members_that_accept_anything_do_not_take_a_stricter_members_value() {
    use types::Setting;

    // Listed after any JSON and an object of optional fields, the circle is still chosen
    // for a value it describes.
    assert!(matches!(
        decode::<Setting>(json!({"id": "c", "radius": 1.0})),
        Setting::Circle(_)
    ));
    assert!(matches!(
        decode::<Setting>(json!({"verbose": true})),
        Setting::Options(_)
    ));
    // What neither describes is the any-JSON member's, kept as received.
    match decode::<Setting>(json!([1, "two"])) {
        Setting::Json(value) => assert_eq!(value, json!([1, "two"])),
        other => panic!("a list decoded as {other:?}"),
    }
}

#[test]
fn a_union_taking_any_string_does_not_take_a_sibling_enums_value() {
    use types::{ModelId, ModelIdVariant2, ResponsesModel, ResponsesModelVariant2};

    assert_eq!(
        decode::<ResponsesModel>(json!("o3-pro")),
        ResponsesModel::ResponsesOnlyModel(ResponsesModelVariant2::O3Pro)
    );
    assert_eq!(
        decode::<ResponsesModel>(json!("gpt-4o")),
        ResponsesModel::ModelId(ModelId::ModelIdVariant2(ModelIdVariant2::Gpt4o))
    );
    assert_eq!(
        decode::<ResponsesModel>(json!("o9")),
        ResponsesModel::ModelId(ModelId::String("o9".to_owned()))
    );
}

#[test]
fn members_declaring_a_property_differently_stay_a_union() {
    use types::EvalMessage;

    assert!(matches!(
        decode::<EvalMessage>(json!({"role": "user", "content": ["a", "b"]})),
        EvalMessage::PartsMessage(_)
    ));
    assert!(matches!(
        decode::<EvalMessage>(json!({"role": "system", "content": "hi"})),
        EvalMessage::SimpleMessage(_)
    ));
}

#[test]
fn a_compound_filter_holds_compound_filters() {
    use types::{CompoundFilter, CompoundFilterFiltersItem as Item, CompoundFilterType};

    // `$recursiveRef: "#"` in `CompoundFilter` is `CompoundFilter`: a compound filter
    // inside a compound filter is one, typed, down to its own comparisons.
    let filter: CompoundFilter = decode(json!({
        "type": "and",
        "filters": [
            {"type": "eq", "key": "region", "value": "eu"},
            {"type": "or", "filters": [
                {"type": "gt", "key": "size", "value": 3.5},
                {"type": "and", "filters": []}
            ]}
        ]
    }));
    assert_eq!(filter.r#type, CompoundFilterType::And);
    let [Item::Eq(region), Item::Or(inner)] = filter.filters.as_slice() else {
        panic!("decoded as {:?}", filter.filters);
    };
    assert_eq!(region.key, "region");
    assert!(matches!(
        inner.filters.as_slice(),
        [Item::Gt(_), Item::And(empty)] if empty.filters.is_empty()
    ));
    // What the tag does not name is kept whole, not taken for a filter.
    let unknown: CompoundFilter = decode(json!({
        "type": "or", "filters": [{"type": "xor", "filters": []}]
    }));
    assert!(matches!(unknown.filters.as_slice(), [Item::Other(_)]));
}

#[test]
fn the_compound_filters_union_is_tagged_not_a_guess() {
    let warnings = fixture_warnings();
    let at = "components.schemas.CompoundFilter.properties.filters.items";
    let about: Vec<&str> = warnings.split("\n\n").filter(|w| w.contains(at)).collect();
    assert_eq!(about.len(), 1, "{about:#?}");
    assert!(
        about[0].contains("repaired: read as `$ref: \"#/components/schemas/CompoundFilter\"`"),
        "{}",
        about[0]
    );
    assert!(
        !warnings.contains("`ComparisonFilter` and `Json`"),
        "{warnings}"
    );
}

#[test]
fn lists_of_different_kinds_of_items_are_told_apart_by_their_items() {
    use types::Prompt;
    assert!(matches!(decode::<Prompt>(json!("hi")), Prompt::String(_)));
    assert!(matches!(
        decode::<Prompt>(json!(["a", "b"])),
        Prompt::StringList(words) if words == ["a", "b"]
    ));
    assert!(matches!(
        decode::<Prompt>(json!([1, 2])),
        Prompt::IntegerList(tokens) if tokens == [1, 2]
    ));
    assert!(matches!(
        decode::<Prompt>(json!([[1], [2, 3]])),
        Prompt::IntegerListList(batches) if batches == [vec![1], vec![2, 3]]
    ));
    // `[]` fits every list and comes back as `[]`.
    decode::<Prompt>(json!([]));
    let warnings = fixture_warnings();
    assert!(
        !warnings.contains("components.schemas.Prompt"),
        "{warnings}"
    );
}

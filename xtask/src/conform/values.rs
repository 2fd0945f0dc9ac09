//! Values made from a raw schema (the spec's JSON, `$ref`s followed), deterministic for a
//! seed: the instances the check tries beside the spec's own examples.
//!
//! A candidate only has to be likely to fit: the validator decides, and one that does not
//! fit is thrown away and another made (see `mod.rs`). So this module reads the common
//! keywords (`type`, `enum`, `const`, `properties`, `required`, `additionalProperties`,
//! `items`, `prefixItems`, `allOf`, `oneOf`, `anyOf`, bounds, lengths, formats,
//! `nullable`, `readOnly` / `writeOnly` per side) and ignores the rest (`pattern`, `not`).

use serde_json::{json, Map, Number, Value};

use super::spec::{pointer_keys, Doc, Side};

/// How deep a value nests before only required properties and empty arrays are made.
const DEEP: usize = 5;
/// How deep a value may nest at all (a schema that requires itself).
const DEEPEST: usize = 24;
/// How many values one instance holds before only required properties and the fewest
/// items are made: a large API's objects have dozens of optional properties, each an
/// object of its own.
const BUDGET: usize = 300;

/// Makes values for one spec and one side from a seeded generator.
pub struct Maker<'d> {
    doc: &'d Doc,
    side: Side,
    rng: fastrand::Rng,
    /// Values still to be made freely in the current instance.
    budget: usize,
}

impl<'d> Maker<'d> {
    pub fn new(doc: &'d Doc, side: Side, seed: u64) -> Self {
        Maker {
            doc,
            side,
            rng: fastrand::Rng::with_seed(seed),
            budget: BUDGET,
        }
    }

    /// A candidate value for the schema at `place`.
    pub fn make(&mut self, place: &[String]) -> Option<Value> {
        let schema = self.doc.at(place)?;
        self.budget = BUDGET;
        self.value(schema, 0)
    }

    /// A small JSON Patch document (RFC 6902), for bodies of that media type.
    pub fn json_patch(&mut self) -> Value {
        let n = self.rng.u32(1..1000);
        match self.rng.u8(0..3) {
            0 => json!([{"op": "replace", "path": "/name", "value": format!("text{n}")}]),
            1 => {
                json!([{"op": "remove", "path": "/labels/a"}, {"op": "add", "path": "/tags/-", "value": n}])
            }
            _ => json!([{"op": "move", "from": "/a", "path": "/b"}]),
        }
    }

    fn resolve<'a>(&self, schema: &'a Value) -> &'a Value
    where
        'd: 'a,
    {
        let mut node = schema;
        for _ in 0..64 {
            match node
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(pointer_keys)
                .and_then(|keys| self.doc.lookup(&keys))
            {
                Some(target) => node = target,
                None => return node,
            }
        }
        node
    }

    fn value(&mut self, schema: &Value, depth: usize) -> Option<Value> {
        // Past the budget, nothing deep is made: a schema whose required properties
        // nest without end (or fan out at every level) gives no value rather than an
        // endless one.
        if depth > DEEPEST || (self.budget == 0 && depth > DEEP) {
            return None;
        }
        self.budget = self.budget.saturating_sub(1);
        let schema = self.resolve(schema);
        match schema {
            Value::Bool(true) => return Some(self.any(depth)),
            Value::Bool(false) => return None,
            Value::Object(_) => {}
            _ => return Some(self.any(depth)),
        }
        // allOf: one schema with every member's keywords (properties merged).
        let merged;
        let schema = if schema.get("allOf").is_some() {
            merged = self.merge_all_of(schema, 0);
            &merged
        } else {
            schema
        };
        self.value_of(schema, depth)
    }

    fn value_of(&mut self, schema: &Value, depth: usize) -> Option<Value> {
        if let Some(c) = schema.get("const") {
            return Some(c.clone());
        }
        let nullable = schema.get("nullable") == Some(&Value::Bool(true))
            || type_names(schema).iter().any(|t| t == "null");
        if nullable && self.rng.u8(0..8) == 0 {
            return Some(Value::Null);
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let choices: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            if choices.is_empty() {
                return values.first().cloned();
            }
            return Some(choices[self.rng.usize(0..choices.len())].clone());
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(members) = schema.get(keyword).and_then(Value::as_array) {
                let members: Vec<&Value> = members
                    .iter()
                    .filter(|m| !is_null_schema(self.resolve(m)))
                    .collect();
                if members.is_empty() {
                    return Some(Value::Null);
                }
                let member = members[self.rng.usize(0..members.len())];
                let tag = self.tag_for(schema, member);
                // The member's keywords with the ones beside the union.
                let mut base = schema.clone();
                if let Some(map) = base.as_object_mut() {
                    map.remove(keyword);
                    map.remove("discriminator");
                }
                let combined = json!({ "allOf": [base, member] });
                let combined = self.merge_all_of(&combined, 0);
                let mut value = self.value_of(&combined, depth + 1);
                if let (Some((property, tag)), Some(Value::Object(map))) = (tag, value.as_mut()) {
                    map.insert(property, Value::String(tag));
                }
                return value;
            }
        }
        let types = type_names(schema);
        let types: Vec<&str> = types
            .iter()
            .map(String::as_str)
            .filter(|t| *t != "null")
            .collect();
        let ty = if types.is_empty() {
            if schema.get("properties").is_some()
                || schema.get("additionalProperties").is_some()
                || schema.get("required").is_some()
            {
                "object"
            } else if schema.get("items").is_some() || schema.get("prefixItems").is_some() {
                "array"
            } else if schema.get("format").is_some()
                || schema.get("minLength").is_some()
                || schema.get("pattern").is_some()
            {
                "string"
            } else if schema.get("minimum").is_some() || schema.get("maximum").is_some() {
                "number"
            } else {
                return Some(self.any(depth));
            }
        } else {
            types[self.rng.usize(0..types.len())]
        };
        match ty {
            "object" => self.object(schema, depth),
            "array" => self.array(schema, depth),
            "string" => Some(Value::String(self.string(schema))),
            "integer" => Some(self.integer(schema)),
            "number" => Some(self.number(schema)),
            "boolean" => Some(Value::Bool(self.rng.bool())),
            _ => Some(self.any(depth)),
        }
    }

    /// The discriminator's property and the tag value that selects `member` (a `$ref`),
    /// from the mapping or the component's name.
    fn tag_for(&self, schema: &Value, member: &Value) -> Option<(String, String)> {
        let discriminator = schema.get("discriminator")?;
        let property = discriminator.get("propertyName")?.as_str()?.to_string();
        let reference = member.get("$ref")?.as_str()?;
        let name = reference.strip_prefix("#/components/schemas/");
        if let Some(mapping) = discriminator.get("mapping").and_then(Value::as_object) {
            for (value, target) in mapping {
                let target = target.as_str().unwrap_or("");
                if target == reference || Some(target) == name {
                    return Some((property, value.clone()));
                }
            }
        }
        Some((property, name?.to_string()))
    }

    /// Any JSON value, small.
    fn any(&mut self, depth: usize) -> Value {
        match self.rng.u8(0..5) {
            0 => json!("any"),
            1 => json!(self.rng.i32(0..100)),
            2 => json!(self.rng.bool()),
            3 if depth < DEEP => json!({"key": "value"}),
            _ => json!(["item"]),
        }
    }

    fn skipped(&self, property: &Value) -> bool {
        let property = self.resolve(property);
        let flag = match self.side {
            Side::Request => "readOnly",
            Side::Response => "writeOnly",
        };
        property.get(flag) == Some(&Value::Bool(true))
    }

    fn object(&mut self, schema: &Value, depth: usize) -> Option<Value> {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        let empty = Map::new();
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let min = schema
            .get("minProperties")
            .and_then(Value::as_u64)
            .unwrap_or(0) as usize;
        for (name, property) in properties {
            if self.skipped(property) {
                continue;
            }
            let free = depth < DEEP && self.budget > 0;
            let wanted = required.contains(&name.as_str())
                || (free && self.rng.u8(0..4) < if depth < 2 { 2 } else { 1 })
                || out.len() < min;
            if !wanted {
                continue;
            }
            // A property that cannot be made is left out; the validator will say
            // whether it was required.
            if let Some(v) = self.value(property, depth + 1) {
                out.insert(name.clone(), v);
            }
        }
        for name in &required {
            if !out.contains_key(*name) && !properties.contains_key(*name) {
                out.insert(name.to_string(), json!("value"));
            }
        }
        match schema.get("additionalProperties") {
            Some(Value::Bool(true)) if depth < DEEP && self.rng.u8(0..3) == 0 => {
                out.insert("extra".into(), json!("value"));
            }
            Some(extra @ Value::Object(_)) if depth < DEEP || out.len() < min => {
                let count = if properties.is_empty() {
                    self.rng.usize(min.max(1)..=min.max(2))
                } else {
                    self.rng.usize(0..2)
                };
                for i in 0..count {
                    if let Some(v) = self.value(extra, depth + 1) {
                        out.insert(format!("key{}", i + 1), v);
                    }
                }
            }
            _ => {}
        }
        Some(Value::Object(out))
    }

    fn array(&mut self, schema: &Value, depth: usize) -> Option<Value> {
        let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = schema
            .get("maxItems")
            .and_then(Value::as_u64)
            .map_or(usize::MAX, |m| m as usize);
        let mut out = Vec::new();
        if let Some(prefix) = schema.get("prefixItems").and_then(Value::as_array) {
            for item in prefix {
                out.push(self.value(item, depth + 1)?);
            }
            if schema.get("items") == Some(&Value::Bool(false)) || out.len() >= min {
                return Some(Value::Array(out));
            }
        }
        let wanted = if depth < DEEP && self.budget > 0 {
            self.rng.usize(0..3)
        } else {
            0
        };
        let count = wanted.max(min).min(max).max(out.len());
        let any = Value::Bool(true);
        let items = schema.get("items").unwrap_or(&any);
        while out.len() < count {
            out.push(self.value(items, depth + 1)?);
        }
        if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
            let mut unique: Vec<Value> = Vec::new();
            for v in out {
                if !unique.contains(&v) {
                    unique.push(v);
                }
            }
            out = unique;
        }
        Some(Value::Array(out))
    }

    fn string(&mut self, schema: &Value) -> String {
        let n = self.rng.u32(1..1000);
        let format = schema.get("format").and_then(Value::as_str).unwrap_or(
            match schema.get("contentEncoding").and_then(Value::as_str) {
                Some("base64") => "byte",
                _ => "",
            },
        );
        let formatted = match format {
            "date-time" => Some(format!(
                "20{:02}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
                self.rng.u8(0..30),
                self.rng.u8(1..13),
                self.rng.u8(1..29),
                self.rng.u8(0..24),
                self.rng.u8(0..60),
                self.rng.u8(0..60),
                ["Z", "+02:00", ".250Z", "-05:30"][self.rng.usize(0..4)]
            )),
            "date" => Some(format!(
                "20{:02}-{:02}-{:02}",
                self.rng.u8(0..30),
                self.rng.u8(1..13),
                self.rng.u8(1..29)
            )),
            "time" => Some(format!(
                "{:02}:{:02}:00Z",
                self.rng.u8(0..24),
                self.rng.u8(0..60)
            )),
            "uuid" => Some(format!(
                "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                self.rng.u32(..),
                self.rng.u16(..),
                self.rng.u16(..0x1000),
                self.rng.u16(..0x1000),
                self.rng.u64(..0x1_0000_0000_0000)
            )),
            "email" => Some(format!("user{n}@example.com")),
            "uri" | "url" | "uri-reference" | "iri" => {
                Some(format!("https://example.com/item/{n}"))
            }
            "hostname" | "idn-hostname" => Some(format!("host{n}.example.com")),
            "ipv4" => Some(format!("10.0.{}.{}", n % 256, n / 256)),
            "ipv6" => Some(format!("2001:db8::{n:x}")),
            "byte" => Some(["aGVsbG8=", "AQID", ""][self.rng.usize(0..3)].to_string()),
            "duration" => Some(format!("PT{n}S")),
            _ => None,
        };
        let mut text = formatted.unwrap_or_else(|| format!("text{n}"));
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .map(|m| m as usize);
        while text.chars().count() < min {
            text.push('x');
        }
        if let Some(max) = max {
            if text.chars().count() > max {
                text = text.chars().take(max).collect();
            }
        }
        text
    }

    /// The bounds of a number, exclusive ones moved in by `step`.
    fn bounds(&self, schema: &Value, step: f64) -> (f64, f64) {
        let mut low = schema.get("minimum").and_then(Value::as_f64);
        let mut high = schema.get("maximum").and_then(Value::as_f64);
        match schema.get("exclusiveMinimum") {
            Some(Value::Bool(true)) => low = low.map(|l| l + step),
            Some(Value::Number(n)) => low = n.as_f64().map(|l| l + step),
            _ => {}
        }
        match schema.get("exclusiveMaximum") {
            Some(Value::Bool(true)) => high = high.map(|h| h - step),
            Some(Value::Number(n)) => high = n.as_f64().map(|h| h - step),
            _ => {}
        }
        let low = low.unwrap_or_else(|| high.map_or(0.0, |h| (h - 1000.0).min(0.0)));
        let high = high.unwrap_or(low.max(0.0) + 1000.0);
        (low, high.max(low))
    }

    fn integer(&mut self, schema: &Value) -> Value {
        let (low, high) = self.bounds(schema, 1.0);
        let low = low.ceil().clamp(-9.0e15, 9.0e15) as i64;
        let high = high.floor().clamp(-9.0e15, 9.0e15) as i64;
        let mut n = self.rng.i64(low..=high.max(low));
        if let Some(m) = schema.get("multipleOf").and_then(Value::as_i64) {
            if m > 0 {
                n = (n / m) * m;
                if n < low {
                    n += m;
                }
            }
        }
        json!(n)
    }

    fn number(&mut self, schema: &Value) -> Value {
        let (low, high) = self.bounds(schema, 0.01);
        if schema.get("multipleOf").is_some() || self.rng.bool() {
            return self.integer(schema);
        }
        let x = low + (high - low) * self.rng.f64();
        let x = (x * 100.0).round() / 100.0;
        Number::from_f64(x.clamp(low, high)).map_or(json!(0), Value::Number)
    }

    /// `allOf`'s members (and the schema's own keywords) as one schema: properties and
    /// `required` united, the other keywords taken from the first member that has them.
    fn merge_all_of(&self, schema: &Value, depth: usize) -> Value {
        let mut out = Map::new();
        let mut properties = Map::new();
        let mut required: Vec<Value> = Vec::new();
        let mut parts: Vec<&Value> = vec![schema];
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            parts.extend(members.iter().map(|m| self.resolve(m)));
        }
        for (i, part) in parts.into_iter().enumerate() {
            let merged;
            let part = if i > 0 && part.get("allOf").is_some() && depth < 16 {
                merged = self.merge_all_of(part, depth + 1);
                &merged
            } else {
                part
            };
            let Some(map) = part.as_object() else {
                continue;
            };
            for (key, value) in map {
                match key.as_str() {
                    "allOf" | "$ref" => {}
                    "properties" => {
                        if let Some(props) = value.as_object() {
                            for (name, p) in props {
                                match properties.get_mut(name) {
                                    Some(existing) => {
                                        *existing = json!({ "allOf": [existing.clone(), p] });
                                    }
                                    None => {
                                        properties.insert(name.clone(), p.clone());
                                    }
                                }
                            }
                        }
                    }
                    "required" => {
                        for r in value.as_array().into_iter().flatten() {
                            if !required.contains(r) {
                                required.push(r.clone());
                            }
                        }
                    }
                    _ => {
                        out.entry(key.clone()).or_insert_with(|| value.clone());
                    }
                }
            }
        }
        if !properties.is_empty() {
            out.insert("properties".into(), Value::Object(properties));
        }
        if !required.is_empty() {
            out.insert("required".into(), Value::Array(required));
        }
        Value::Object(out)
    }
}

/// The `type` a schema names, as a list (3.1 allows several).
fn type_names(schema: &Value) -> Vec<String> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}

/// `{type: 'null'}` or `{enum: [null]}`.
fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
        || schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e.len() == 1 && e[0].is_null())
}

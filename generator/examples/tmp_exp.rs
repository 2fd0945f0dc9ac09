fn doc(depth: usize, bad: bool) -> String {
    let mut schema = String::from(if bad { "{type: object, maxLength: x}" } else { "{type: string}" });
    for _ in 0..depth { schema = format!("{{type: object, properties: {{a: {schema}}}}}"); }
    format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    A: {schema}\n")
}
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let depth: usize = args[1].parse().unwrap();
    let mode = args[2].clone();
    let text = doc(depth, mode == "bad");
    let mode2 = mode.clone(); let _ = mode2;
    let h = std::thread::Builder::new().stack_size(2 << 20).spawn(move || {
        match mode.as_str() {
            "yaml" => { let v: serde_yaml::Value = serde_yaml::from_str(&text).unwrap(); drop(v); println!("ok"); }
            "api" => { let v: serde_json::Value = serde_yaml::from_str(&text).unwrap(); let r: Result<openapiv3::OpenAPI, _> = serde_json::from_value(v); println!("{}", r.is_ok()); }
            _ => { let r = openapi_gen::load::load(&text); println!("{}", r.is_ok()); }
        }
    }).unwrap();
    let _ = h.join();
}

use openapi_gen::diag::DocPath;
use openapi_gen::source_map::SourceMap;
use std::time::Instant;
fn main() {
    for f in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&f).unwrap();
        let t = Instant::now();
        let map = SourceMap::new(&text);
        let el = t.elapsed();
        let p =
            DocPath::from_segments(["paths", "/repos/{owner}/{repo}", "get", "responses", "200"]);
        println!(
            "{f}: {:?} {:?} {:?}",
            el,
            map.locate(&p),
            map.locate(&DocPath::from_segments(["components", "schemas", "zzz"]))
        );
        let t = Instant::now();
        let v: Result<serde_json::Value, _> = serde_json::from_str(&text);
        println!("json parse {:?} {}", t.elapsed(), v.is_ok());
    }
}

use std::time::Instant;
fn main() {
    for f in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&f).unwrap();
        let t = Instant::now();
        let r = openapi_gen::load::load(&text);
        let tl = t.elapsed();
        let mut diags = openapi_gen::diag::Diagnostics::default();
        let t = Instant::now();
        if let Ok(api) = &r {
            openapi_gen::validate::validate(api, &mut diags);
        }
        let tv = t.elapsed();
        let d = match r {
            Ok(_) => diags,
            Err(d) => d,
        };
        let report = d.into_report(std::path::Path::new(&f), &text);
        println!(
            "== {f}: load {tl:?} validate {tv:?} errors {} warnings {}",
            report.error_count(),
            report.warning_count()
        );
        let s = report.to_string();
        for l in s.lines().take(40) {
            println!("{l}");
        }
    }
}

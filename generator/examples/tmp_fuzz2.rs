use std::collections::BTreeMap;
fn main() {
    let mut seed: u64 = 0x9876_5432;
    let mut rnd = move |n: usize| { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; (seed % (n.max(1) as u64)) as usize };
    let chars: Vec<char> = ":{}[]-'\"\n #&*!|>?,~$ab0".chars().collect();
    let mut seen: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for f in std::env::args().skip(1) {
        let base = std::fs::read_to_string(&f).unwrap();
        for _ in 0..3000 {
            let mut s: Vec<char> = base.chars().collect();
            for _ in 0..(1 + rnd(2)) {
                let pos = rnd(s.len());
                match rnd(3) {
                    0 => { let end = (pos + rnd(8)).min(s.len()); s.drain(pos..end); }
                    1 => { let c = chars[rnd(chars.len())]; s.insert(pos, c); }
                    _ => { let c = chars[rnd(chars.len())]; if pos < s.len() { s[pos] = c; } }
                }
            }
            let text: String = s.into_iter().collect();
            if let Err(report) = openapi_gen::generate(std::path::Path::new("x"), &text) {
                for d in &report.diagnostics {
                    let mut key = String::new(); let mut q = false;
                    for c in d.message.chars() { if c == '`' || c == '"' { q = !q; key.push(c); } else if !q { key.push(c); } }
                    let key: String = key.chars().filter(|c| !c.is_ascii_digit()).collect();
                    let e = seen.entry(key).or_insert((0, format!("{} @ {:?} {:?}", d.message, d.path.as_ref().map(|p| p.to_string()), d.location)));
                    e.0 += 1;
                }
            }
        }
    }
    for (k, (n, ex)) in seen { println!("{n:5} {k}\n        e.g. {ex}"); }
}

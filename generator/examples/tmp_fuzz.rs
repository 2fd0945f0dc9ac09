fn main() {
    let mut seed: u64 = 0x1234_5678;
    let mut rnd = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % (n.max(1) as u64)) as usize
    };
    let chars: Vec<char> = ":{}[]-'\"\n #&*!|>?,\t~$ab0".chars().collect();
    let files: Vec<String> = std::env::args().skip(1).collect();
    let iters: usize = 3000;
    let mut panics = 0;
    std::panic::set_hook(Box::new(|info| {
        eprintln!("PANIC {info}");
    }));
    for f in &files {
        let base = std::fs::read_to_string(f).unwrap();
        for _ in 0..iters {
            let mut s: Vec<char> = base.chars().collect();
            for _ in 0..(1 + rnd(4)) {
                let pos = rnd(s.len());
                match rnd(3) {
                    0 => {
                        let end = (pos + rnd(20)).min(s.len());
                        s.drain(pos..end);
                    }
                    1 => {
                        let c = chars[rnd(chars.len())];
                        s.insert(pos, c);
                    }
                    _ => {
                        if rnd(10) == 0 {
                            s.truncate(pos);
                        } else {
                            let c = chars[rnd(chars.len())];
                            if pos < s.len() {
                                s[pos] = c;
                            }
                        }
                    }
                }
            }
            let text: String = s.into_iter().collect();
            let r = std::panic::catch_unwind(|| {
                let _ = openapi_gen::generate(std::path::Path::new("x"), &text)
                    .map(|_| ())
                    .map_err(|r| r.to_string());
                let map = openapi_gen::source_map::SourceMap::new(&text);
                let _ = map.locate(&openapi_gen::diag::DocPath::from_segments([
                    "paths", "/pets", "get",
                ]));
            });
            if r.is_err() {
                panics += 1;
                if panics < 5 {
                    std::fs::write(format!("/tmp/fuzz_panic_{panics}.txt"), &text).unwrap();
                }
            }
        }
    }
    println!("panics: {panics}");
}

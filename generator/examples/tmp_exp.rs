fn main() {
    for t in ["openapi: 3.0.0\npaths:\n  /a:\n    get: {}\n    get: {}\n", "a:\n\tb: 1\n", "a: b: c\n", "a: 'x\n", "{openapi: 3.0.0, info: {title: t, version: '1'}, paths: {}}", "a: *x\n", "---\na: 1\n---\nb: 2\n", "a: [1, 2\nb: 3\n", "key: value\n  other: 2\n"] {
        match openapi_gen::load::load(t) { Ok(_) => println!("OK"), Err(d) => for i in d.items() { println!("{:?} {:?} {}", i.location, i.path, i.message) } }
    }
}

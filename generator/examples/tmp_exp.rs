fn main() {
    for t in [
        "200: a\n'201': b\ntrue: c\n1.5: d\n~: e\nx: .nan\n",
        "base: &b\n  a: 1\nderived:\n  <<: *b\n  c: 2\n",
        "a: !tag 1\n",
        "a: 1\na: 2\n",
        "a: [1\n",
        "a:\n  b: 1\n c: 2\n",
        "[1,2",
    ] {
        let r: Result<serde_json::Value, _> = serde_yaml::from_str(t);
        match r {
            Ok(v) => println!("OK {v}"),
            Err(e) => println!(
                "ERR {e} / {:?}",
                e.location().map(|l| (l.line(), l.column()))
            ),
        }
    }
    for t in ["{\"a\": 1,}", "{\"a\" 1}", "{\n\"a\": [1,\n2\n"] {
        let r: Result<serde_json::Value, _> = serde_json::from_str(t);
        match r {
            Ok(v) => println!("OK {v}"),
            Err(e) => println!("ERR {e} / {} {}", e.line(), e.column()),
        }
    }
    let docs = [
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: []\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1', summary: {}}\npaths: {}\n",
        "openapi: 3.0.0\ninfo: {title: {}, version: '1'}\npaths: {}\n",
        "openapi: 3.0.0\npaths: {}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      summary: {}\n      responses: {}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{name: a, in: body}]\n      responses: {}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      required: true\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: 5\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: [string, 'null']\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  parameters:\n    A:\n      name: a\n      in: query\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  parameters:\n    A:\n      name: a\n      in: query\n      schema: {type: string}\n      required: 'yes'\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  responses:\n    A:\n      content: {}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\nservers: [{url: 'http://{a}', variables: {a: {enum: [x]}}}]\npaths: {}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n",
    ];
    for d in docs {
        let v: serde_json::Value = serde_yaml::from_str(d).unwrap();
        let r: Result<openapiv3::OpenAPI, _> = serde_path_to_error::deserialize(&v);
        match r {
            Ok(o) => println!("OK {:?}", o.paths.paths.keys().collect::<Vec<_>>()),
            Err(e) => println!("ERR [{}] {}", e.path(), e.inner()),
        }
    }
}

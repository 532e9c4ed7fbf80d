use serde_json::{json, Value};

use crate::loader::{load_str, Document, OpenApiVersion};
use crate::pointer::JsonPointer;

const HEAD: &str = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n";

fn load(body: &str) -> Document {
    load_str("api.yaml", format!("{HEAD}{body}")).unwrap_or_else(|errors| panic!("{errors}"))
}

fn errors(body: &str) -> Vec<String> {
    match load_str("api.yaml", format!("{HEAD}{body}")) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.errors.iter().map(ToString::to_string).collect(),
    }
}

fn pointer(text: &str) -> JsonPointer {
    JsonPointer::parse_fragment(text).expect("a pointer")
}

fn at<'d>(document: &'d Document, text: &str) -> &'d Value {
    crate::tree::value_at(&document.root, &pointer(text)).unwrap_or(&Value::Null)
}

/// `line:column` of the node the converted `text` was made from.
fn origin(document: &Document, text: &str) -> String {
    let (file, location) = document.locate(&pointer(text));
    format!("{file}:{}:{}", location.line, location.column)
}

#[test]
fn the_document_becomes_openapi_3_0() {
    let document = load(
        "host: api.example.com
basePath: /v2
schemes: [https, http]
paths: {}
definitions:
  Pet:
    type: object
    properties:
      name: {type: string, x-nullable: true}
      photo: {type: file}
      kind: {type: string}
    discriminator: kind
securityDefinitions:
  basic: {type: basic}
  key: {type: apiKey, name: X-Key, in: header}
  oauth:
    type: oauth2
    flow: accessCode
    authorizationUrl: https://a.example.com/authorize
    tokenUrl: https://a.example.com/token
    scopes: {read: reads}
",
    );
    assert_eq!(document.version, OpenApiVersion::V3_0);
    assert_eq!(at(&document, "#/openapi"), "3.0.3");
    assert_eq!(
        at(&document, "#/servers"),
        &json!([{"url": "https://api.example.com/v2"}, {"url": "http://api.example.com/v2"}])
    );
    assert_eq!(
        at(&document, "#/components/schemas/Pet"),
        &json!({
            "type": "object",
            "properties": {
                "name": {"type": "string", "nullable": true},
                "photo": {"type": "string", "format": "binary"},
                "kind": {"type": "string"}
            },
            "discriminator": {"propertyName": "kind"}
        })
    );
    assert_eq!(
        at(&document, "#/components/securitySchemes"),
        &json!({
            "basic": {"type": "http", "scheme": "basic"},
            "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
            "oauth": {"type": "oauth2", "flows": {"authorizationCode": {
                "authorizationUrl": "https://a.example.com/authorize",
                "tokenUrl": "https://a.example.com/token",
                "scopes": {"read": "reads"}
            }}}
        })
    );
    // Diagnostics about converted nodes name the Swagger nodes.
    assert_eq!(
        origin(&document, "#/components/schemas/Pet"),
        "api.yaml:8:3"
    );
    assert_eq!(
        origin(
            &document,
            "#/components/schemas/Pet/properties/name/nullable"
        ),
        "api.yaml:11:40"
    );
    assert_eq!(
        origin(&document, "#/components/securitySchemes/oauth/flows"),
        "api.yaml:20:11"
    );
    assert_eq!(origin(&document, "#/servers"), "api.yaml:3:7");
}

#[test]
fn body_parameters_become_request_bodies_per_consumed_media_type() {
    let document = load(
        "consumes: [application/json, application/xml]
paths:
  /pets:
    parameters:
      - {name: trace, in: header, type: string}
    post:
      parameters:
        - {$ref: '#/parameters/limit'}
        - name: pet
          in: body
          required: true
          description: the pet
          schema: {$ref: '#/definitions/Pet'}
      responses:
        '201': {description: made, schema: {$ref: '#/definitions/Pet'}}
    put:
      consumes: [text/plain]
      parameters:
        - {$ref: '#/parameters/text'}
      responses: {}
parameters:
  limit: {name: limit, in: query, type: integer, format: int32}
  text: {name: text, in: body, schema: {type: string}}
definitions:
  Pet: {type: object}
",
    );
    let post = at(&document, "#/paths/~1pets/post");
    assert_eq!(
        post["parameters"],
        json!([{"$ref": "#/components/parameters/limit"}])
    );
    let pet = json!({"schema": {"$ref": "#/components/schemas/Pet"}});
    assert_eq!(
        post["requestBody"],
        json!({
            "description": "the pet",
            "content": {"application/json": pet, "application/xml": pet},
            "required": true
        })
    );
    assert_eq!(
        post["responses"]["201"],
        json!({"description": "made", "content": {"application/json": pet}})
    );
    assert_eq!(
        at(&document, "#/paths/~1pets/put/requestBody"),
        &json!({"content": {"text/plain": {"schema": {"type": "string"}}}})
    );
    assert_eq!(
        at(&document, "#/paths/~1pets/parameters"),
        &json!([{"name": "trace", "in": "header", "schema": {"type": "string"}}])
    );
    assert_eq!(
        at(&document, "#/components/parameters"),
        &json!({"limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32"}}})
    );
    // The body's schema is the parameter's `schema`; a referenced body is its component.
    assert_eq!(
        origin(
            &document,
            "#/paths/~1pets/post/requestBody/content/application~1xml/schema/$ref"
        ),
        "api.yaml:15:26"
    );
    assert_eq!(
        origin(&document, "#/paths/~1pets/post/requestBody"),
        "api.yaml:11:11"
    );
    assert_eq!(
        origin(
            &document,
            "#/paths/~1pets/put/requestBody/content/text~1plain/schema/type"
        ),
        "api.yaml:25:47"
    );
    assert_eq!(
        origin(&document, "#/components/parameters/limit/schema/format"),
        "api.yaml:24:58"
    );
}

#[test]
fn form_parameters_become_an_object_body() {
    let document = load(
        "paths:
  /upload:
    post:
      parameters:
        - {name: id, in: path, required: true, type: integer}
        - {name: note, in: formData, required: true, type: string, description: a note}
        - {name: tags, in: formData, type: array, items: {type: string}, collectionFormat: multi}
        - {name: file, in: formData, type: file}
      responses: {'200': {description: ok, schema: {type: file}}}
      produces: [application/octet-stream]
  /form:
    post:
      parameters:
        - {name: a, in: formData, type: string}
      responses: {}
",
    );
    assert_eq!(
        at(&document, "#/paths/~1upload/post/requestBody"),
        &json!({
            "content": {"multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "note": {"type": "string", "description": "a note"},
                        "tags": {"type": "array", "items": {"type": "string"}},
                        "file": {"type": "string", "format": "binary"}
                    },
                    "required": ["note"]
                },
                "encoding": {"tags": {"style": "form", "explode": true}}
            }},
            "required": true
        })
    );
    assert_eq!(
        at(&document, "#/paths/~1upload/post/responses/200/content"),
        &json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
    );
    let form = at(&document, "#/paths/~1form/post/requestBody/content");
    assert!(
        form.get("application/x-www-form-urlencoded").is_some(),
        "{form}"
    );
    assert_eq!(
        origin(
            &document,
            "#/paths/~1upload/post/requestBody/content/multipart~1form-data/schema/properties/tags/items"
        ),
        "api.yaml:9:51"
    );
}

#[test]
fn collection_formats_become_styles() {
    let document = load(
        "paths:
  /a/{ids}:
    get:
      parameters:
        - {name: ids, in: path, required: true, type: array, items: {type: integer}}
        - {name: csv, in: query, type: array, items: {type: string}}
        - {name: ssv, in: query, type: array, items: {type: string}, collectionFormat: ssv}
        - {name: pipes, in: query, type: array, items: {type: string}, collectionFormat: pipes}
        - {name: multi, in: query, type: array, items: {type: string}, collectionFormat: multi}
        - {name: h, in: header, type: array, items: {type: string}, collectionFormat: csv}
      responses: {}
",
    );
    let styles: Vec<(String, Value, Value)> = at(&document, "#/paths/~1a~1{ids}/get/parameters")
        .as_array()
        .map(|list| {
            list.iter()
                .map(|p| {
                    (
                        p["name"].to_string(),
                        p["style"].clone(),
                        p["explode"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let expected = [
        ("ids", "simple", false),
        ("csv", "form", false),
        ("ssv", "spaceDelimited", false),
        ("pipes", "pipeDelimited", false),
        ("multi", "form", true),
        ("h", "simple", false),
    ];
    let expected: Vec<(String, Value, Value)> = expected
        .iter()
        .map(|(name, style, explode)| (format!("\"{name}\""), json!(style), json!(explode)))
        .collect();
    assert_eq!(styles, expected);
    assert_eq!(
        origin(&document, "#/paths/~1a~1{ids}/get/parameters/2/style"),
        "api.yaml:9:88"
    );
}

#[test]
fn responses_headers_and_component_references() {
    let document = load(
        "produces: [application/json]
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          headers:
            X-Rate: {type: integer, format: int32, description: calls left}
          schema: {type: array, items: {$ref: '#/definitions/A'}}
          examples: {application/json: [{}]}
        default: {$ref: '#/responses/Error'}
responses:
  Error: {description: failed, schema: {$ref: '#/definitions/A'}}
definitions:
  A: {type: object}
",
    );
    assert_eq!(
        at(&document, "#/paths/~1a/get/responses"),
        &json!({
            "200": {
                "description": "ok",
                "headers": {"X-Rate": {"description": "calls left", "schema": {"type": "integer", "format": "int32"}}},
                "content": {"application/json": {
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/A"}},
                    "example": [{}]
                }}
            },
            "default": {"$ref": "#/components/responses/Error"}
        })
    );
    assert_eq!(
        at(
            &document,
            "#/components/responses/Error/content/application~1json/schema"
        ),
        &json!({"$ref": "#/components/schemas/A"})
    );
    assert_eq!(
        origin(
            &document,
            "#/paths/~1a/get/responses/200/headers/X-Rate/schema/format"
        ),
        "api.yaml:11:45"
    );
}

#[test]
fn swagger_errors_name_the_swagger_nodes() {
    let found = errors(
        "paths:
  /a:
    post:
      parameters:
        - {name: c, in: cookie, type: string}
        - {name: d, in: query, type: array, collectionFormat: commas}
        - {$ref: '#/parameters/missing'}
        - {name: a, in: body, schema: {$ref: '#/definitions/Nope'}}
      responses: {}
securityDefinitions:
  o: {type: oauth2, flow: magic}
",
    );
    assert_eq!(
        found,
        [
            "api.yaml:7:25: error: parameter `c` has `in: cookie`; Swagger 2.0 expects query, header, path, formData or body (at #/paths/~1a/post/parameters/0/in)",
            "api.yaml:8:63: error: unknown collectionFormat `commas`; expected csv, ssv, tsv, pipes or multi (at #/paths/~1a/post/parameters/1/collectionFormat)",
            "api.yaml:9:18: error: unknown `$ref` target `#/parameters/missing`: nothing in this document is at that path; check the spelling (e.g. `#/definitions/Name`) (at #/paths/~1a/post/parameters/2/$ref)",
            "api.yaml:13:27: error: unknown OAuth2 flow `magic`; expected implicit, password, application or accessCode (at #/securityDefinitions/o/flow)",
        ]
    );
}

#[test]
fn a_body_without_schema_and_a_body_with_form_fields_are_errors() {
    let found = errors(
        "paths:
  /a:
    post:
      parameters:
        - {name: b, in: body}
      responses: {}
  /b:
    post:
      parameters:
        - {name: b, in: body, schema: {type: string}}
        - {name: f, in: formData, type: string}
      responses: {}
  /c:
    post:
      parameters:
        - {name: b, in: body, schema: {type: string}}
        - {name: b2, in: body, schema: {type: string}}
      responses: {}
",
    );
    assert_eq!(
        found,
        [
            "api.yaml:7:11: error: body parameter `b` needs a `schema` describing the body (at #/paths/~1a/post/parameters/0)",
            "api.yaml:13:11: error: parameter `f` is a form field, but the operation also has an `in: body` parameter; it can have only one of the two (at #/paths/~1b/post/parameters/1)",
            "api.yaml:19:11: error: parameter `b2` is a second `in: body` parameter; an operation has at most one body (at #/paths/~1c/post/parameters/1)",
        ]
    );
}

#[test]
fn other_versions_are_refused() {
    let found = load_str("api.yaml", "swagger: '1.2'\n".to_owned())
        .map(|_| ())
        .expect_err("refused");
    assert_eq!(
        found.to_string(),
        "api.yaml:1:10: error: unsupported Swagger version 1.2; this generator reads Swagger 2.0, OpenAPI 3.0.x and 3.1.x (at #/swagger)"
    );
    let unquoted = load_str(
        "api.yaml",
        "swagger: 2.0\ninfo: {title: t, version: '1'}\npaths: {}\n".to_owned(),
    );
    assert!(unquoted.is_ok());
}

#[test]
fn swagger_parts_in_other_files_are_converted_where_they_are_used() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let write = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).expect("write a file");
    };
    write(
        "api.yaml",
        &format!(
            "{HEAD}paths:
  /pets:
    get:
      parameters:
        - $ref: 'common.yaml#/parameters/Limit'
        - $ref: 'common.yaml#/parameters/Filter'
      responses:
        '200': {{description: ok, schema: {{$ref: '#/definitions/Pet'}}}}
        default: {{$ref: 'common.yaml#/responses/Problem'}}
definitions:
  Pet: {{$ref: 'pet.yaml'}}
"
        ),
    );
    write(
        "common.yaml",
        "parameters:
  Limit: {name: limit, in: query, type: array, items: {type: integer}}
  Filter: {name: filter, in: body, schema: {$ref: 'pet.yaml'}}
responses:
  Problem:
    description: failed
    schema: {type: object, properties: {message: {type: string, x-nullable: true}}}
",
    );
    write(
        "pet.yaml",
        "type: object\nproperties:\n  nickname: {type: string, x-nullable: true}\n",
    );
    let document = crate::loader::load_file(&dir.path().join("api.yaml"), "api.yaml")
        .unwrap_or_else(|errors| panic!("{errors}"));
    let get = at(&document, "#/paths/~1pets/get");
    assert_eq!(
        get["parameters"],
        json!([{"name": "limit", "in": "query", "style": "form", "explode": false,
                "schema": {"type": "array", "items": {"type": "integer"}}}])
    );
    assert_eq!(
        get["requestBody"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
    assert_eq!(
        get["responses"]["default"]["content"]["application/json"]["schema"]["properties"],
        json!({"message": {"type": "string", "nullable": true}})
    );
    assert_eq!(
        at(&document, "#/components/schemas/Pet/properties/nickname"),
        &json!({"type": "string", "nullable": true})
    );
    // Each converted node still names the file it was written in.
    assert_eq!(
        origin(
            &document,
            "#/paths/~1pets/get/parameters/0/schema/items/type"
        ),
        "common.yaml:2:62"
    );
    assert_eq!(
        origin(
            &document,
            "#/components/schemas/Pet/properties/nickname/nullable"
        ),
        "pet.yaml:3:40"
    );
    assert_eq!(
        origin(
            &document,
            "#/paths/~1pets/get/responses/default/content/application~1json/schema/properties/message/nullable"
        ),
        "common.yaml:7:77"
    );
}

#[test]
fn malformed_swagger_is_reported_never_a_panic() {
    let bodies = [
        "paths: []\n",
        "paths: {/a: []}\n",
        "paths: {/a: {get: []}}\n",
        "paths: {/a: {get: {parameters: {a: 1}, responses: []}}}\n",
        "paths: {/a: {get: {parameters: [1, null, {in: body}], responses: {'200': 5}}}}\n",
        "paths: {/a: {parameters: [{$ref: '#/parameters/x'}], get: {responses: {}}}}\nparameters: {x: {$ref: '#/parameters/x'}}\n",
        "paths: {/a: {$ref: '#/paths/~1a'}}\n",
        "paths: {/a: {get: {responses: {default: {$ref: '#/responses'}}}}}\nresponses: 3\n",
        "definitions: [1]\nparameters: []\nresponses: []\nsecurityDefinitions: [x]\n",
        "definitions: {A: {type: file, x-nullable: 1, discriminator: 3, items: [true, {type: file}]}}\n",
        "securityDefinitions: {a: {type: oauth2}, b: {type: magic}, c: 1}\n",
        "host: 3\nbasePath: [1]\nschemes: 7\nconsumes: 1\nproduces: {}\n",
        "paths: {/a: {get: {consumes: [], parameters: [{in: formData, name: f, type: array, collectionFormat: 3}], responses: {}}}}\n",
    ];
    for body in bodies {
        let text = format!("{HEAD}{body}");
        if let Ok(document) = load_str("api.yaml", text) {
            // Whatever converts must lower without a panic, too.
            let _ = crate::lower::lower(&document);
        }
    }
}

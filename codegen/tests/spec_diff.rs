//! spec-diff on small spec pairs: one base spec, and for every change kind an edit of it. Each
//! test asserts the kind, whom it breaks, the semver verdict, the Rust item it names and the
//! line on each side where the item exists.

use codegen::diff::{diff, Change, ChangeKind as K, Format, Report, Semver, Side};

const BASE: &str = r#"openapi: 3.1.0
info: {title: Pets, version: "1"}
security:
  - basic: []
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      tags: [pets]
      description: Gets a pet.
      parameters:
        - name: petId
          in: path
          required: true
          schema: {type: integer, format: int32}
        - name: verbose
          in: query
          schema: {type: boolean, default: false}
      responses:
        '200':
          description: The pet.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        '404':
          description: No such pet.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
    put:
      operationId: putPet
      tags: [pets]
      parameters:
        - name: petId
          in: path
          required: true
          schema: {type: integer, format: int32}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '200':
          description: Stored.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string, description: The name.}
        age: {type: integer, format: int32, default: 1}
        nickname: {type: [string, 'null']}
        email: {type: string, format: email}
        status: {$ref: '#/components/schemas/Status'}
        rights: {$ref: '#/components/schemas/Rights'}
    Status:
      type: string
      enum: [available, sold]
    Rights:
      type: string
      x-flags:
        - {name: None, value: 0}
        - {name: Read, value: 1}
    Problem:
      type: object
      properties:
        message: {type: string}
"#;

fn side(name: &str, text: &str) -> Side {
    let document = codegen::loader::load_str(name, text.to_owned())
        .unwrap_or_else(|errors| panic!("{name} loads: {errors}"));
    Side::from_document(document).unwrap_or_else(|errors| panic!("{name} lowers: {errors}"))
}

/// `BASE` with each `(old, new)` replaced once; the text must be there exactly once.
fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_owned();
    for (old, new) in edits {
        assert_eq!(
            text.matches(old).count(),
            1,
            "`{old}` is not unique in the base"
        );
        text = text.replacen(old, new, 1);
    }
    text
}

/// The report from `BASE` to `BASE` with `edits`, and the head text.
fn changes_after(edits: &[(&str, &str)]) -> (Report, String) {
    let head = edited(edits);
    let report = diff(
        &side("spec.yaml", BASE),
        &side("spec.yaml", &head),
        "base",
        "head",
    );
    (report, head)
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` is not in the text"))
        + 1
}

/// The only change of `kind`.
fn only(report: &Report, kind: K) -> &Change {
    let found: Vec<&Change> = report.changes.iter().filter(|c| c.kind == kind).collect();
    assert_eq!(
        found.len(),
        1,
        "one {kind:?} expected in {:#?}",
        report.changes
    );
    found[0]
}

/// Asserts whom `change` breaks, its semver, Rust item and lines.
fn assert_change(
    change: &Change,
    (clients, servers, semver): (bool, bool, Semver),
    rust_item: &str,
    (base_line, head_line): (Option<usize>, Option<usize>),
) {
    assert_eq!(
        (
            change.impact.breaks_clients,
            change.impact.breaks_servers,
            change.impact.semver
        ),
        (clients, servers, semver),
        "impact of {change:#?}"
    );
    assert_eq!(change.rust_item, rust_item, "{change:#?}");
    assert_eq!(
        change.base.as_ref().map(|p| p.line),
        base_line,
        "{change:#?}"
    );
    assert_eq!(
        change.head.as_ref().map(|p| p.line),
        head_line,
        "{change:#?}"
    );
    assert!(!change.impact.reason.is_empty());
}

const BOTH: (bool, bool, Semver) = (true, true, Semver::Major);
const CLIENTS: (bool, bool, Semver) = (true, false, Semver::Major);
const MINOR: (bool, bool, Semver) = (false, false, Semver::Minor);
const PATCH: (bool, bool, Semver) = (false, false, Semver::Patch);

#[test]
fn an_unchanged_spec_has_no_changes() {
    let (report, _) = changes_after(&[]);
    assert_eq!(report.changes, []);
    assert_eq!(report.semver(), None);
    assert_eq!(
        report.render(Format::Text),
        "spec-diff base → head: no changes\n"
    );
}

// ---------------------------------------------------------------------------------------------
// Operations

#[test]
fn operation_added_and_removed() {
    let item = "  /pets:\n    get:\n      operationId: listPets\n      tags: [pets]\n      responses:\n        '204': {description: none}\n";
    let (report, head) = report_with_paths(item);
    let get = line_of(&head, "operationId: listPets") - 1;
    let rust = "PetsClient::list_pets, PetsApi::list_pets";
    assert_change(
        only(&report, K::OperationAdded),
        MINOR,
        rust,
        (None, Some(get)),
    );
    let back = diff(
        &side("spec.yaml", &head),
        &side("spec.yaml", BASE),
        "head",
        "base",
    );
    assert_change(
        only(&back, K::OperationRemoved),
        BOTH,
        rust,
        (Some(get), None),
    );
}

/// `BASE` with `item` added as the last path item.
fn report_with_paths(item: &str) -> (Report, String) {
    changes_after(&[(
        "components:\n  securitySchemes:",
        &format!("{item}components:\n  securitySchemes:"),
    )])
}

#[test]
fn an_operation_moved_to_another_tag_or_renamed_in_rust_is_renamed() {
    // The operationId stays, but the client method moves to another group's handle.
    let (report, head) = changes_after(&[(
        "      operationId: putPet\n      tags: [pets]",
        "      operationId: putPet\n      tags: [store]",
    )]);
    let change = only(&report, K::OperationRenamed);
    assert_eq!(
        change.detail.as_deref(),
        Some("PetsClient::put_pet, PetsApi::put_pet → StoreClient::put_pet, StoreApi::put_pet")
    );
    let put = (
        Some(line_of(BASE, "    put:")),
        Some(line_of(&head, "    put:")),
    );
    assert_change(change, BOTH, "StoreClient::put_pet, StoreApi::put_pet", put);
    // `x-rust-name` names the operation instead of its operationId.
    let (report, _) = changes_after(&[(
        "      operationId: putPet\n",
        "      operationId: putPet\n      x-rust-name: StorePet\n",
    )]);
    let change = only(&report, K::OperationRenamed);
    assert_eq!(
        change.detail.as_deref(),
        Some("PetsClient::put_pet, PetsApi::put_pet → PetsClient::store_pet, PetsApi::store_pet")
    );
}

#[test]
fn operation_renamed_method_and_path_changed_and_deprecated() {
    let (report, head) = changes_after(&[("operationId: putPet", "operationId: storePet")]);
    let change = only(&report, K::OperationRenamed);
    assert_eq!(change.detail.as_deref(), Some("putPet → storePet"));
    let put = line_of(BASE, "    put:");
    assert_change(
        change,
        BOTH,
        "PetsClient::store_pet, PetsApi::store_pet",
        (Some(put), Some(line_of(&head, "    put:"))),
    );

    let (report, _) = changes_after(&[(
        "    put:\n      operationId: putPet",
        "    post:\n      operationId: putPet",
    )]);
    let change = only(&report, K::MethodChanged);
    assert_eq!(change.detail.as_deref(), Some("PUT → POST"));
    assert_change(
        change,
        CLIENTS,
        "PetsClient::put_pet, PetsApi::put_pet",
        (Some(put), Some(put)),
    );

    let (report, _) = changes_after(&[("  /pets/{petId}:", "  /animals/{petId}:")]);
    let moved: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.kind == K::PathChanged)
        .collect();
    assert_eq!(moved.len(), 2, "both operations of the path item");
    assert_eq!(
        moved[0].detail.as_deref(),
        Some("/pets/{petId} → /animals/{petId}")
    );
    assert_change(
        moved[0],
        CLIENTS,
        "PetsClient::get_pet, PetsApi::get_pet",
        (Some(7), Some(7)),
    );

    let (report, _) = changes_after(&[(
        "      description: Gets a pet.",
        "      description: Gets a pet.\n      deprecated: true",
    )]);
    let change = only(&report, K::OperationDeprecated);
    assert_change(
        change,
        MINOR,
        "PetsClient::get_pet, PetsApi::get_pet",
        (Some(7), Some(7)),
    );
    let deprecated = edited(&[(
        "      description: Gets a pet.",
        "      description: Gets a pet.\n      deprecated: true",
    )]);
    let back = diff(
        &side("spec.yaml", &deprecated),
        &side("spec.yaml", BASE),
        "a",
        "b",
    );
    let change = only(&back, K::OperationUndeprecated);
    assert_change(
        change,
        MINOR,
        "PetsClient::get_pet, PetsApi::get_pet",
        (Some(7), Some(7)),
    );
}

#[test]
fn operation_description_is_info_only() {
    let (report, _) = changes_after(&[("Gets a pet.", "Gets one pet by id.")]);
    let change = only(&report, K::DescriptionChanged);
    assert_change(
        change,
        PATCH,
        "PetsClient::get_pet, PetsApi::get_pet",
        (Some(7), Some(7)),
    );
    assert_eq!(change.impact.classification(), "info");
}

// ---------------------------------------------------------------------------------------------
// Parameters

#[test]
fn parameters_added_required_and_optional() {
    let required = "        - name: X-Request-Id\n          in: header\n          required: true\n          schema: {type: string}\n";
    let (report, head) = changes_after(&[(
        "      responses:\n        '200':\n          description: The pet.",
        &format!("{required}      responses:\n        '200':\n          description: The pet."),
    )]);
    let change = only(&report, K::ParameterAdded);
    assert_eq!(change.item, "header parameter X-Request-Id");
    assert_change(
        change,
        CLIENTS,
        "operations::pets::GetPetParams::x_request_id: String",
        (None, Some(line_of(&head, "- name: X-Request-Id"))),
    );
    let optional = "        - name: page\n          in: query\n          schema: {type: integer, format: int32}\n";
    let (report, head) = changes_after(&[(
        "      responses:\n        '200':\n          description: The pet.",
        &format!("{optional}      responses:\n        '200':\n          description: The pet."),
    )]);
    assert_change(
        only(&report, K::ParameterAdded),
        MINOR,
        "operations::pets::GetPetParams::page: Option<i32>",
        (None, Some(line_of(&head, "- name: page"))),
    );
}

#[test]
fn a_header_every_operation_takes_is_named_in_common_headers() {
    let header =
        "        - name: X-Request-Id\n          in: header\n          schema: {type: string}\n";
    let (report, _) = changes_after(&[
        (
            "      responses:\n        '200':\n          description: The pet.",
            &format!("{header}      responses:\n        '200':\n          description: The pet."),
        ),
        ("      requestBody:", &format!("{header}      requestBody:")),
    ]);
    let added: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.kind == K::ParameterAdded)
        .map(|c| c.rust_item.as_str())
        .collect();
    assert_eq!(
        added, ["operations::CommonHeaders::x_request_id: Option<String>"; 2],
        "{:#?}",
        report.changes
    );
}

#[test]
fn parameters_removed_retyped_made_required_and_moved() {
    let verbose = line_of(BASE, "- name: verbose");
    let (report, _) = changes_after(&[("        - name: verbose\n          in: query\n          schema: {type: boolean, default: false}\n", "")]);
    assert_change(
        only(&report, K::ParameterRemoved),
        BOTH,
        "operations::pets::GetPetParams::verbose: Option<bool>",
        (Some(verbose), None),
    );

    let (report, _) = changes_after(&[(
        "schema: {type: boolean, default: false}",
        "schema: {type: string, default: \"no\"}",
    )]);
    let change = only(&report, K::ParameterTypeChanged);
    assert_eq!(change.detail.as_deref(), Some("bool → String"));
    assert_change(
        change,
        BOTH,
        "operations::pets::GetPetParams::verbose: Option<String>",
        (Some(verbose), Some(verbose)),
    );
    assert_eq!(
        only(&report, K::DefaultChanged).detail.as_deref(),
        Some("false → \"no\"")
    );

    let (report, _) = changes_after(&[(
        "          in: query\n          schema: {type: boolean",
        "          in: query\n          required: true\n          schema: {type: boolean",
    )]);
    let change = only(&report, K::ParameterRequiredChanged);
    assert_eq!(change.detail.as_deref(), Some("optional → required"));
    assert_change(
        change,
        BOTH,
        "operations::pets::GetPetParams::verbose: bool",
        (Some(verbose), Some(verbose)),
    );

    let (report, _) = changes_after(&[(
        "          in: query\n          schema: {type: boolean",
        "          in: header\n          schema: {type: boolean",
    )]);
    let change = only(&report, K::ParameterLocationChanged);
    assert_eq!(change.detail.as_deref(), Some("query → header"));
    assert_change(
        change,
        CLIENTS,
        "operations::pets::GetPetParams::verbose: Option<bool>",
        (Some(verbose), Some(verbose)),
    );
}

// ---------------------------------------------------------------------------------------------
// Request and response bodies

#[test]
fn request_bodies_and_their_media_types() {
    let body = line_of(BASE, "      requestBody:");
    let (report, _) = changes_after(&[(
        "      requestBody:\n        required: true",
        "      requestBody:\n        required: false",
    )]);
    let change = only(&report, K::RequestBodyRequiredChanged);
    assert_change(
        change,
        BOTH,
        "PetsClient::put_pet(…, body: Option<Pet>)",
        (Some(body), Some(body)),
    );

    let (report, head) = changes_after(&[("            schema: {$ref: '#/components/schemas/Pet'}\n      responses:\n        '200':\n          description: Stored.", "            schema: {$ref: '#/components/schemas/Pet'}\n          text/json:\n            schema: {$ref: '#/components/schemas/Pet'}\n      responses:\n        '200':\n          description: Stored.")]);
    let change = only(&report, K::RequestMediaTypeAdded);
    assert_eq!(change.item, "request media type text/json");
    assert_change(
        change,
        MINOR,
        "PetsClient::put_pet(…, body: Pet)",
        (None, Some(line_of(&head, "          text/json:"))),
    );
    let back = diff(
        &side("spec.yaml", &head),
        &side("spec.yaml", BASE),
        "a",
        "b",
    );
    let change = only(&back, K::RequestMediaTypeRemoved);
    assert_change(
        change,
        CLIENTS,
        "PetsClient::put_pet(…, body: Pet)",
        (Some(line_of(&head, "          text/json:")), None),
    );

    let (report, _) = changes_after(&[("        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Pet'}\n      responses:\n        '200':\n          description: Stored.", "        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Problem'}\n      responses:\n        '200':\n          description: Stored.")]);
    let change = only(&report, K::RequestBodyTypeChanged);
    assert_eq!(change.detail.as_deref(), Some("Pet → Problem"));
    assert_change(
        change,
        BOTH,
        "PetsClient::put_pet(…, body: Problem)",
        (Some(body), Some(body)),
    );

    let removed = "      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Pet'}\n";
    let (report, _) = changes_after(&[(removed, "")]);
    assert_change(
        only(&report, K::RequestBodyRemoved),
        BOTH,
        "PetsClient::put_pet(…, body: Pet)",
        (Some(body), None),
    );
    let back = diff(
        &side("spec.yaml", &edited(&[(removed, "")])),
        &side("spec.yaml", BASE),
        "a",
        "b",
    );
    assert_change(
        only(&back, K::RequestBodyAdded),
        BOTH,
        "PetsClient::put_pet(…, body: Pet)",
        (None, Some(body)),
    );
}

#[test]
fn response_statuses_types_and_media_types() {
    // A new failure status is compatible; a new success status changes what a call returns.
    let (report, head) = changes_after(&[("          description: No such pet.", "          description: No such pet.\n        '409':\n          description: Conflict.\n        '500':\n          description: Broken.\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Problem'}\n        '201':\n          description: Made.\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Problem'}")]);
    let statuses: Vec<(&str, bool)> = report
        .changes
        .iter()
        .filter(|c| c.kind == K::ResponseStatusAdded)
        .map(|c| (c.item.as_str(), c.impact.breaks_clients))
        .collect();
    assert_eq!(
        statuses,
        [
            ("status 409", false),
            ("status 500", false),
            ("status 201", true)
        ]
    );
    let change = report
        .changes
        .iter()
        .find(|c| c.kind == K::ResponseBodyTypeChanged)
        .expect("the output type changes");
    assert_eq!(
        change.detail.as_deref(),
        Some("Pet → operations::pets::GetPetResponse")
    );
    assert_eq!(
        change.rust_item,
        "PetsClient::get_pet() -> operations::pets::GetPetResponse"
    );
    assert!(change.impact.breaks_clients && change.impact.breaks_servers);
    let created = report
        .changes
        .iter()
        .find(|c| c.item == "status 201")
        .expect("201");
    assert_eq!(
        created.head.as_ref().map(|p| p.line),
        Some(line_of(&head, "        '201':"))
    );

    let (report, _) = changes_after(&[("        '404':\n          description: No such pet.\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Problem'}\n", "")]);
    let removed = report
        .changes
        .iter()
        .find(|c| c.kind == K::ResponseStatusRemoved)
        .expect("404 removed");
    assert_change(
        removed,
        PATCH,
        "PetsClient::get_pet() -> Pet",
        (Some(line_of(BASE, "        '404':")), None),
    );
    let error = report
        .changes
        .iter()
        .find(|c| c.item == "error answers")
        .expect("error type");
    assert_eq!(error.detail.as_deref(), Some("Problem → Value"));
    assert_change(
        error,
        BOTH,
        "client::Error<Value>, ApiError<Value>",
        (Some(7), Some(7)),
    );

    let (report, head) = changes_after(&[("              schema: {$ref: '#/components/schemas/Pet'}\n        '404':", "              schema: {$ref: '#/components/schemas/Pet'}\n            text/json:\n              schema: {$ref: '#/components/schemas/Pet'}\n        '404':")]);
    let change = only(&report, K::ResponseMediaTypeAdded);
    assert_eq!(change.item, "status 200 media type text/json");
    assert_change(
        change,
        MINOR,
        "PetsClient::get_pet() -> Pet",
        (None, Some(line_of(&head, "            text/json:"))),
    );
    let back = diff(
        &side("spec.yaml", &head),
        &side("spec.yaml", BASE),
        "a",
        "b",
    );
    assert_change(
        only(&back, K::ResponseMediaTypeRemoved),
        CLIENTS,
        "PetsClient::get_pet() -> Pet",
        (Some(line_of(&head, "            text/json:")), None),
    );
}

// ---------------------------------------------------------------------------------------------
// Schemas and properties

#[test]
fn schemas_added_removed_renamed_and_retyped() {
    let (report, head) = changes_after(&[("    Problem:", "    Owner:\n      type: object\n      properties:\n        id: {type: string}\n    Problem:")]);
    assert_change(
        only(&report, K::SchemaAdded),
        MINOR,
        "models::Owner",
        (None, Some(line_of(&head, "    Owner:"))),
    );
    let back = diff(
        &side("spec.yaml", &head),
        &side("spec.yaml", BASE),
        "a",
        "b",
    );
    assert_change(
        only(&back, K::SchemaRemoved),
        BOTH,
        "models::Owner",
        (Some(line_of(&head, "    Owner:")), None),
    );

    // Renaming a schema (and every reference to it) is a rename of the Rust type.
    let (report, _) = changes_after(&[
        ("    Problem:\n", "    Failure:\n"),
        (
            "              schema: {$ref: '#/components/schemas/Problem'}",
            "              schema: {$ref: '#/components/schemas/Failure'}",
        ),
    ]);
    let change = only(&report, K::SchemaRenamed);
    assert_eq!(change.detail.as_deref(), Some("Problem → Failure"));
    assert_change(
        change,
        BOTH,
        "models::Failure",
        (
            Some(line_of(BASE, "    Problem:")),
            Some(line_of(BASE, "    Problem:")),
        ),
    );

    let (report, _) = changes_after(&[(
        "    Status:\n      type: string\n      enum: [available, sold]",
        "    Status:\n      type: integer",
    )]);
    let change = only(&report, K::SchemaTypeChanged);
    assert_eq!(change.detail.as_deref(), Some("enum → alias"));
    assert_change(
        change,
        BOTH,
        "models::Status",
        (
            Some(line_of(BASE, "    Status:")),
            Some(line_of(BASE, "    Status:")),
        ),
    );
}

#[test]
fn properties_added_and_removed() {
    let (report, head) = changes_after(&[(
        "        rights: {$ref",
        "        rating: {type: integer, format: int32}\n        rights: {$ref",
    )]);
    let change = only(&report, K::PropertyAdded);
    assert_eq!(change.item, "property rating");
    assert_change(
        change,
        MINOR,
        "models::Pet::rating: Option<i32>",
        (None, Some(line_of(&head, "rating:"))),
    );

    let (report, head) = changes_after(&[
        ("      required: [name]", "      required: [name, rating]"),
        (
            "        rights: {$ref",
            "        rating: {type: integer, format: int32}\n        rights: {$ref",
        ),
    ]);
    assert_change(
        only(&report, K::PropertyAdded),
        BOTH,
        "models::Pet::rating: i32",
        (None, Some(line_of(&head, "rating:"))),
    );

    let (report, _) = changes_after(&[(
        "        age: {type: integer, format: int32, default: 1}\n",
        "",
    )]);
    assert_change(
        only(&report, K::PropertyRemoved),
        BOTH,
        "models::Pet::age: Option<i32>",
        (Some(line_of(BASE, "        age:")), None),
    );
}

#[test]
fn renaming_a_property_is_a_removal_and_an_addition_and_breaking() {
    let (report, head) = changes_after(&[("        nickname: {type", "        petName: {type")]);
    let kinds: Vec<K> = report.changes.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [K::PropertyRemoved, K::PropertyAdded],
        "{:#?}",
        report.changes
    );
    let line = line_of(BASE, "        nickname:");
    assert_change(
        only(&report, K::PropertyRemoved),
        BOTH,
        "models::Pet::nickname: Nullable<String>",
        (Some(line), None),
    );
    assert_change(
        only(&report, K::PropertyAdded),
        MINOR,
        "models::Pet::pet_name: Nullable<String>",
        (None, Some(line_of(&head, "petName"))),
    );
    assert!(report.is_breaking());
    assert_eq!(report.semver(), Some(Semver::Major));
}

#[test]
fn property_type_format_required_nullable_default_and_description() {
    let age = line_of(BASE, "        age:");
    let (report, _) = changes_after(&[(
        "age: {type: integer, format: int32",
        "age: {type: integer, format: int64",
    )]);
    let change = only(&report, K::PropertyTypeChanged);
    assert_eq!(change.detail.as_deref(), Some("i32 → i64"));
    assert_change(
        change,
        BOTH,
        "models::Pet::age: Option<i64>",
        (Some(age), Some(age)),
    );

    let email = line_of(BASE, "        email:");
    let (report, _) = changes_after(&[("format: email}", "format: uri}")]);
    let change = only(&report, K::PropertyFormatChanged);
    assert_eq!(change.detail.as_deref(), Some("email → uri"));
    assert_change(
        change,
        PATCH,
        "models::Pet::email: Option<String>",
        (Some(email), Some(email)),
    );

    let (report, _) = changes_after(&[("      required: [name]", "      required: [name, age]")]);
    let change = only(&report, K::PropertyRequiredChanged);
    assert_eq!(change.detail.as_deref(), Some("optional → required"));
    assert_change(
        change,
        BOTH,
        "models::Pet::age: i32",
        (Some(age), Some(age)),
    );

    let nickname = line_of(BASE, "        nickname:");
    let (report, _) = changes_after(&[(
        "nickname: {type: [string, 'null']}",
        "nickname: {type: string}",
    )]);
    let change = only(&report, K::PropertyNullableChanged);
    assert_eq!(change.detail.as_deref(), Some("nullable → not nullable"));
    assert_change(
        change,
        BOTH,
        "models::Pet::nickname: Option<String>",
        (Some(nickname), Some(nickname)),
    );

    let (report, _) =
        changes_after(&[("format: int32, default: 1}", "format: int32, default: 2}")]);
    let change = only(&report, K::DefaultChanged);
    assert_eq!(change.detail.as_deref(), Some("1 → 2"));
    assert_change(
        change,
        PATCH,
        "models::Pet::age: Option<i32>",
        (Some(age), Some(age)),
    );

    let name = line_of(BASE, "        name: {type: string");
    let (report, _) = changes_after(&[(
        "description: The name.",
        "description: What the pet answers to.",
    )]);
    assert_change(
        only(&report, K::DescriptionChanged),
        PATCH,
        "models::Pet::name: String",
        (Some(name), Some(name)),
    );
}

#[test]
fn enum_and_flag_values_added_and_removed() {
    let status = line_of(BASE, "      enum: [available, sold]");
    let (report, _) = changes_after(&[(
        "enum: [available, sold]",
        "enum: [available, sold, pending]",
    )]);
    let change = only(&report, K::EnumValueAdded);
    assert_eq!(change.item, "enum value pending");
    assert_change(
        change,
        MINOR,
        "models::Status::Pending",
        (None, Some(status)),
    );
    let (report, _) = changes_after(&[("enum: [available, sold]", "enum: [available]")]);
    assert_change(
        only(&report, K::EnumValueRemoved),
        BOTH,
        "models::Status::Sold",
        (Some(status), None),
    );

    let (report, head) = changes_after(&[(
        "        - {name: Read, value: 1}",
        "        - {name: Read, value: 1}\n        - {name: Write, value: 2}",
    )]);
    let change = only(&report, K::FlagValueAdded);
    assert_eq!(change.item, "flag value Write=2");
    assert_change(
        change,
        MINOR,
        "models::Rights::Write",
        (None, Some(line_of(&head, "name: Write"))),
    );
    let read = line_of(BASE, "name: Read");
    let (report, _) = changes_after(&[("        - {name: Read, value: 1}\n", "")]);
    assert_change(
        only(&report, K::FlagValueRemoved),
        BOTH,
        "models::Rights::Read",
        (Some(read), None),
    );
}

// ---------------------------------------------------------------------------------------------
// Reports

#[test]
fn markdown_has_a_summary_line_and_a_table_grouped_by_subject() {
    let (report, _) = changes_after(&[
        (
            "enum: [available, sold]",
            "enum: [available, sold, pending]",
        ),
        ("Gets a pet.", "Gets one pet."),
        (
            "        age: {type: integer, format: int32, default: 1}\n",
            "",
        ),
    ]);
    let markdown = report.render(Format::Markdown);
    let lines: Vec<&str> = markdown.lines().collect();
    assert_eq!(
        lines[0],
        "**spec-diff** `base` → `head`: 3 changes: 1 breaking (1 for clients, 1 for servers), 1 compatible, 1 info; semver: major"
    );
    assert_eq!(lines[2], "| | Change | Rust item | Impact | Where |");
    assert!(
        lines[4].starts_with("| **operation getPet** | GET /pets/{petId} description changed |"),
        "{markdown}"
    );
    assert!(lines[5].starts_with("| **schema Pet** | property age removed | `models::Pet::age: Option<i32>` | breaking for clients and servers (major)"), "{markdown}");
    assert!(
        lines[6].starts_with("| **schema Status** | enum value pending added |"),
        "{markdown}"
    );
    let json: serde_json::Value = serde_json::from_str(&report.render(Format::Json)).expect("JSON");
    assert_eq!(json["semver"], "major");
    assert_eq!(json["breaking"], true);
    assert_eq!(json["changes"][1]["kind"], "property_removed");
    assert_eq!(
        json["changes"][1]["base"]["line"],
        line_of(BASE, "        age:")
    );
}

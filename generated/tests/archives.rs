//! Reading an archive page by page as a stream, end to end: a local mock of `GET /api/v1/Contact`
//! serves 2,500 rows; `odata::pages` reads them through the generated client with the
//! `$top/$skip` sequence SuperOffice's paging guidance asks for (ordered by the primary key,
//! stopping at the first short page), and the `$filter` the builder writes arrives quoted as
//! written.

mod support;

use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use superoffice_webapi::client::Error;
use superoffice_webapi::models::WebApiError;
use superoffice_webapi::odata::{self, Filter, Op};
use superoffice_webapi::runtime::server::axum;
use support::{client, serve};

const ROWS: u32 = 2_500;
const PAGE: u32 = 1_000;

/// What the mock saw: each request's `$top`, `$skip`, `$orderBy` and `$filter`.
type Seen = Arc<Mutex<Vec<(u32, u32, String, String)>>>;

/// `GET /api/v1/Contact`: rows `skip..skip+top` of `ROWS`, as SuperOffice's OData list.
fn mock(seen: Seen) -> axum::Router {
    let handler = move |axum::extract::RawQuery(query): axum::extract::RawQuery| {
        let seen = seen.clone();
        async move {
            let query: std::collections::HashMap<String, String> =
                form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                    .into_owned()
                    .collect();
            let number = |name: &str| query.get(name).and_then(|v| v.parse::<u32>().ok());
            let (top, skip) = (number("$top").unwrap_or(0), number("$skip").unwrap_or(0));
            let text = |name: &str| query.get(name).cloned().unwrap_or_default();
            seen.lock()
                .expect("lock")
                .push((top, skip, text("$orderBy"), text("$filter")));
            let rows: Vec<serde_json::Value> = (skip..ROWS.min(skip.saturating_add(top)))
                .map(|id| serde_json::json!({"PrimaryKey": id + 1, "name": format!("Contact {}", id + 1)}))
                .collect();
            let body = serde_json::json!({
                "odata.metadata": "https://example.test/api/v1/archive/$metadata",
                "odata.nextLink": null,
                "value": rows,
            });
            (
                [(axum::http::header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
        }
    };
    axum::Router::new().route("/api/v1/Contact", axum::routing::get(handler))
}

#[tokio::test]
async fn a_paged_archive_reads_as_a_stream() {
    let seen = Seen::default();
    let address = serve(mock(seen.clone())).await;
    let client = client(address);
    let filter =
        Filter::cmp("name", Op::Begins, "Contact").and(Filter::cmp("O'Brien", Op::Ne, "it's"));
    let filter = filter.to_string();
    let rows = odata::pages(PAGE, |top, skip| {
        let (client, filter) = (client.clone(), filter.clone());
        async move {
            let page = client
                .contact()
                .get_all()
                .select("name")
                .order_by("contactId")
                .filter(filter)
                .top(top as i32)
                .skip(skip as i32)
                .await?;
            Ok::<_, Error<WebApiError>>(page.value.into_value().unwrap_or_default())
        }
    });
    let rows: Vec<_> = rows.collect().await;
    assert_eq!(rows.len(), ROWS as usize);
    for (index, row) in rows.iter().enumerate() {
        let row = row.as_ref().expect("every page reads");
        assert_eq!(
            row["PrimaryKey"],
            serde_json::json!(index + 1),
            "rows in order"
        );
    }
    let seen = seen.lock().expect("lock").clone();
    let pages: Vec<(u32, u32)> = seen.iter().map(|(top, skip, _, _)| (*top, *skip)).collect();
    // Three pages: the third (500 rows) is short, so no fourth request.
    assert_eq!(pages, [(1000, 0), (1000, 1000), (1000, 2000)]);
    for (_, _, order_by, filter) in &seen {
        assert_eq!(order_by, "contactId");
        assert_eq!(filter, "name begins 'Contact' and O'Brien ne 'it''s'");
    }
}

#[tokio::test]
async fn an_error_ends_the_stream_after_it_is_yielded() {
    let mut calls = 0;
    let rows: Vec<Result<u32, &str>> = odata::pages(2, |_top, skip| {
        calls += 1;
        async move {
            if skip == 0 {
                Ok(vec![1, 2])
            } else {
                Err("the tenant is not running")
            }
        }
    })
    .collect()
    .await;
    assert_eq!(rows, [Ok(1), Ok(2), Err("the tenant is not running")]);
    assert_eq!(calls, 2);
}

//! The overview, where the dashboard opens: the last 14 days of logins by connection, texts
//! by country with how many led to a login (the pumping signal) and how many pumping
//! protection refused, failed logins by reason, and the SMS providers' errors and time to
//! delivery. One store call of aggregate queries (`OverviewStore`); each chart is an SVG
//! drawn on the server with a title, a description and its numbers in a table.

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use super::DASHBOARD_CLIENT;
use super::charts::{self, Chart};
use super::chrome::{Chrome, Page, internal, page, show};
use super::form::AdminPage;
use crate::domain::i18n::{Arg, Lang};
use crate::domain::model::Overview;
use crate::http::AppState;

/// How many days the overview shows, today included.
pub(super) const DAYS: i64 = 14;
const DAY: i64 = 86_400;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/admin/overview", get(overview))
}

/// A series of the logins chart, with its colour.
struct Series {
    name: String,
    class: String,
}

/// A day's row of the logins table.
struct DayRow {
    day: String,
    counts: Vec<i64>,
    total: i64,
}

struct CountryRow {
    country: String,
    sent: i64,
    logins: i64,
    conversion: String,
    refused: i64,
}

struct ReasonRow {
    reason: String,
    count: i64,
}

struct ProviderRow {
    provider: String,
    sent: i64,
    failed: i64,
    delivered: i64,
    mean: String,
    slowest: String,
    send_errors: i64,
}

/// A headline number above the charts.
struct Tile {
    label: String,
    value: String,
}

#[derive(Template)]
#[template(path = "admin/overview.html")]
struct OverviewPage {
    chrome: Chrome,
    since: String,
    tiles: Vec<Tile>,
    series: Vec<Series>,
    logins_chart: Chart,
    days: Vec<DayRow>,
    countries_chart: Chart,
    countries: Vec<CountryRow>,
    failures_chart: Chart,
    failures: Vec<ReasonRow>,
    providers_chart: Chart,
    providers: Vec<ProviderRow>,
}

page!(OverviewPage);

/// `GET /admin/overview`.
async fn overview(State(state): State<AppState>, AdminPage(admin): AdminPage) -> Response {
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    let since = (now.div_euclid(DAY) - (DAYS - 1)) * DAY;
    // What this instance recorded is counted at once.
    state.core.events.flush().await;
    let data = match state.core.store.overview(since, DASHBOARD_CLIENT).await {
        Ok(d) => d,
        Err(e) => return internal(e),
    };
    let body = page_of(admin.chrome("overview"), &data, now);
    show(&state, admin.jar, &body)
}

/// `12-01` for a day since the epoch.
fn day_name(day: i64) -> String {
    let date = crate::domain::iso8601(day * DAY);
    date.get(5..10).unwrap_or(&date).to_string()
}

/// A share as a percentage with one decimal, or a dash when nothing was sent.
fn percent(part: i64, whole: i64) -> String {
    if whole == 0 {
        "–".into()
    } else {
        format!("{:.1} %", part as f64 * 100.0 / whole as f64)
    }
}

/// A failed login's reason word as the page names it.
fn reason_label(t: &Lang, reason: &str) -> String {
    let key = match reason {
        "wrong_code" => "dash-ov-reason-wrong-code",
        "code_expired" => "dash-ov-reason-code-expired",
        "too_many_attempts" => "dash-ov-reason-too-many-attempts",
        "user_blocked" => "dash-ov-reason-user-blocked",
        "signup_disabled" => "dash-ov-reason-signup-disabled",
        "rate_limited" => "dash-ov-reason-rate-limited",
        "invalid_request" => "dash-ov-reason-invalid-request",
        "invalid_grant" => "dash-ov-reason-invalid-grant",
        "access_denied" => "dash-ov-reason-access-denied",
        "client_auth_failed" => "dash-ov-reason-client-auth-failed",
        other => return other.replace('_', " "),
    };
    t.text(key)
}

fn page_of(chrome: Chrome, data: &Overview, now: i64) -> OverviewPage {
    let t = chrome.t;
    let today = now.div_euclid(DAY);
    let first = data.since.div_euclid(DAY);
    let mut names: Vec<String> = data.logins.iter().map(|l| l.connection.clone()).collect();
    names.sort();
    names.dedup();
    let mut by_day: BTreeMap<i64, Vec<i64>> =
        (first..=today).map(|d| (d, vec![0; names.len()])).collect();
    for l in &data.logins {
        let column = names.iter().position(|n| *n == l.connection);
        if let (Some(counts), Some(c)) = (by_day.get_mut(&l.day), column) {
            counts[c] += l.count;
        }
    }
    let columns: Vec<(String, Vec<i64>)> = by_day
        .iter()
        .map(|(d, counts)| (day_name(*d), counts.clone()))
        .collect();
    let logins_chart = charts::columns(&columns, &names);
    let days: Vec<DayRow> = columns
        .into_iter()
        .map(|(day, counts)| DayRow {
            day,
            total: counts.iter().sum(),
            counts,
        })
        .collect();
    let countries: Vec<CountryRow> = data
        .countries
        .iter()
        .map(|c| CountryRow {
            country: c.country.clone(),
            sent: c.sent,
            logins: c.logins,
            conversion: percent(c.logins.min(c.sent), c.sent),
            refused: c.refused,
        })
        .collect();
    let countries_chart = charts::bars(
        &countries
            .iter()
            .map(|c| {
                let note = t.format(
                    "dash-ov-country-note",
                    &[
                        ("count", Arg::Number(c.sent)),
                        ("conversion", Arg::Text(&c.conversion)),
                    ],
                );
                (c.country.clone(), c.sent, note)
            })
            .collect::<Vec<_>>(),
    );
    let failures: Vec<ReasonRow> = data
        .failures
        .iter()
        .map(|f| ReasonRow {
            reason: reason_label(t, &f.reason),
            count: f.count,
        })
        .collect();
    let failures_chart = charts::bars(
        &failures
            .iter()
            .map(|f| (f.reason.clone(), f.count, f.count.to_string()))
            .collect::<Vec<_>>(),
    );
    let providers = provider_rows(data);
    let providers_chart = charts::bars(
        &providers
            .iter()
            .map(|p| {
                let errors = p.failed + p.send_errors;
                let note = t.count("dash-ov-provider-errors", errors);
                (p.provider.clone(), errors, note)
            })
            .collect::<Vec<_>>(),
    );
    let logins: i64 = days.iter().map(|d| d.total).sum();
    let sent: i64 = countries.iter().map(|c| c.sent).sum();
    let converted: i64 = countries.iter().map(|c| c.logins.min(c.sent)).sum();
    let failed: i64 = failures.iter().map(|f| f.count).sum();
    let refused: i64 = countries.iter().map(|c| c.refused).sum();
    OverviewPage {
        chrome,
        since: day_name(first),
        tiles: vec![
            Tile {
                label: t.text("dash-ov-tile-logins"),
                value: logins.to_string(),
            },
            Tile {
                label: t.text("dash-ov-tile-texts-sent"),
                value: sent.to_string(),
            },
            Tile {
                label: t.text("dash-ov-tile-converted"),
                value: percent(converted, sent),
            },
            Tile {
                label: t.text("dash-ov-tile-failed"),
                value: failed.to_string(),
            },
            Tile {
                label: t.text("dash-ov-tile-refused"),
                value: refused.to_string(),
            },
        ],
        series: names
            .into_iter()
            .enumerate()
            .map(|(i, name)| Series {
                name,
                class: charts::series_class(i),
            })
            .collect(),
        logins_chart,
        days,
        countries_chart,
        countries,
        failures_chart,
        failures,
        providers_chart,
        providers,
    }
}

/// Every provider with receipts or failed sends: the receipts' counts and times, and the
/// failed sends the log recorded for it.
fn provider_rows(data: &Overview) -> Vec<ProviderRow> {
    let mut names: Vec<String> = data
        .deliveries
        .iter()
        .map(|d| d.provider.clone())
        .chain(data.send_errors.iter().map(|e| e.reason.clone()))
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|provider| {
            let d = data.deliveries.iter().find(|d| d.provider == provider);
            let send_errors = data
                .send_errors
                .iter()
                .filter(|e| e.reason == provider)
                .map(|e| e.count)
                .sum();
            let delivered = d.map_or(0, |d| d.delivered);
            ProviderRow {
                sent: d.map_or(0, |d| d.sent),
                failed: d.map_or(0, |d| d.failed),
                delivered,
                mean: match d {
                    Some(d) if delivered > 0 => {
                        format!("{:.1} s", d.total_latency as f64 / delivered as f64)
                    }
                    _ => "–".into(),
                },
                slowest: d
                    .and_then(|d| d.max_latency)
                    .map_or_else(|| "–".into(), |s| format!("{s} s")),
                send_errors,
                provider,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{CountryTexts, DailyLogins, ProviderDeliveries, ReasonCount};

    fn chrome() -> Chrome {
        Chrome {
            t: crate::domain::i18n::english(),
            admin: "ops@example.com".into(),
            section: "overview",
            notice: None,
            csrf: "x".into(),
        }
    }

    #[test]
    fn every_day_of_the_window_is_a_column_with_each_connection() {
        let now = 20 * DAY + 5;
        let data = Overview {
            since: 7 * DAY,
            logins: vec![
                DailyLogins {
                    day: 19,
                    connection: "sms".into(),
                    count: 3,
                },
                DailyLogins {
                    day: 20,
                    connection: "email".into(),
                    count: 2,
                },
            ],
            countries: vec![CountryTexts {
                country: "FR".into(),
                sent: 8,
                logins: 2,
                refused: 1,
            }],
            failures: vec![ReasonCount {
                reason: "wrong_code".into(),
                count: 4,
            }],
            send_errors: vec![ReasonCount {
                reason: "twilio".into(),
                count: 1,
            }],
            deliveries: vec![ProviderDeliveries {
                provider: "twilio".into(),
                sent: 5,
                failed: 1,
                delivered: 4,
                total_latency: 10,
                max_latency: Some(4),
            }],
        };
        let page = page_of(chrome(), &data, now);
        assert_eq!(page.days.len(), 14);
        let last = page.days.last().unwrap();
        assert_eq!((last.counts.clone(), last.total), (vec![2, 0], 2));
        assert_eq!(page.series[0].name, "email");
        assert_eq!(page.countries[0].conversion, "25.0 %");
        assert_eq!(page.failures[0].reason, "Wrong code");
        let twilio = &page.providers[0];
        assert_eq!(
            (
                twilio.mean.as_str(),
                twilio.slowest.as_str(),
                twilio.send_errors
            ),
            ("2.5 s", "4 s", 1)
        );
        assert_eq!(page.tiles[2].value, "25.0 %");
        let html = page.render().unwrap();
        for part in [
            "<title id=\"logins-title\">",
            "<table",
            "<details",
            "25.0 %",
        ] {
            assert!(html.contains(part), "{part}");
        }
    }

    #[test]
    fn nothing_sent_is_no_rate() {
        assert_eq!(percent(0, 0), "–");
        assert_eq!(percent(1, 3), "33.3 %");
    }
}

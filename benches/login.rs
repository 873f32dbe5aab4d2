//! Criterion benchmarks of the two costs at the heart of a login: signing an id_token
//! (each algorithm, key parsed once) and verifying a one-time code (keyed hash, constant-time
//! judgement, and the SQLite transaction that consumes it and logs the user in).

// A benchmark that cannot set up may panic: it measures nothing then anyway.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use latchkey::domain::crypto::ServerKeys;
use latchkey::domain::model::{NewUser, OtpLogin, OtpRecord, OtpTry, SigningAlg, Strategy};
use latchkey::domain::ports::OtpStore;
use latchkey::domain::tokens::keys::{KeyRing, generate_signing_key};
use latchkey::domain::{OsRandom, otp};
use latchkey::store::sql::SqlStore;
use serde_json::json;

fn signing(c: &mut Criterion) {
    let keys = ServerKeys::derive(&[7u8; 32]).unwrap();
    let records: Vec<_> = SigningAlg::ALL
        .iter()
        .map(|alg| generate_signing_key(&keys, &OsRandom, 0, *alg).unwrap())
        .collect();
    let ring = KeyRing::load(&records, &keys).unwrap();
    // A realistic id_token: openid profile phone for an SMS user.
    let claims = json!({
        "sub": "sms|5f0c8a7e2b1d4c3a9e8f7d6c", "name": "+14155550123", "nickname": "+14155550123",
        "updated_at": "2026-11-29T10:00:00.000Z", "phone_number": "+14155550123",
        "phone_number_verified": true, "iss": "https://auth.example.com/",
        "aud": "0123456789abcdef0123456789abcdef", "iat": 1_795_900_000, "exp": 1_795_936_000
    });
    for alg in SigningAlg::ALL {
        let key = ring.signer(alg).unwrap();
        c.bench_function(&format!("sign id_token ({alg}, key parsed once)"), |b| {
            b.iter(|| key.sign(black_box(&claims)).unwrap())
        });
    }
}

fn code_verification(c: &mut Criterion) {
    let keys = ServerKeys::derive(&[7u8; 32]).unwrap();
    let stored = OtpRecord {
        id: "x".into(),
        connection: "sms".into(),
        recipient: "+14155550123".into(),
        code_hash: keys.otp_hash("sms", "+14155550123", "123456"),
        created_at: 0,
        expires_at: 180,
        attempts: 0,
        verify_provider: None,
    };
    c.bench_function(
        "judge a presented code (HMAC + constant-time compare)",
        |b| {
            b.iter(|| {
                let presented =
                    keys.otp_hash("sms", black_box("+14155550123"), black_box("123456"));
                otp::judge(&stored, &presented, 10)
            })
        },
    );

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.sqlite").display());
    let store = rt.block_on(SqlStore::open(&url)).unwrap();
    let mut n = 0u64;
    c.bench_function(
        "store a code, then consume it and log in (SQLite, 2 transactions)",
        |b| {
            b.iter(|| {
                n += 1;
                let recipient = format!("+1415555{:04}", n % 10_000);
                let record = OtpRecord {
                    recipient: recipient.clone(),
                    id: n.to_string(),
                    ..stored.clone()
                };
                let login = OtpLogin {
                    code: OtpTry {
                        connection: "sms".into(),
                        recipient: recipient.clone(),
                        max_attempts: 3,
                        lockout: None,
                    },
                    now: 10,
                    allow_signup: true,
                    new_user: NewUser::from_login(
                        format!("sms|{n:024x}"),
                        "sms".into(),
                        Strategy::Sms,
                        recipient.clone(),
                        recipient,
                    ),
                    refresh_token: None,
                };
                rt.block_on(async {
                    store.replace_otp(&record).await.unwrap();
                    let hash = record.code_hash.clone();
                    store
                        .consume_otp(
                            &login,
                            Arc::new(move |s: &OtpRecord| otp::judge(s, &hash, 10)),
                        )
                        .await
                        .unwrap()
                })
            })
        },
    );
}

fn phone_numbers(c: &mut Criterion) {
    use latchkey::domain::phone;
    c.bench_function("parse a phone number (E.164 + libphonenumber)", |b| {
        b.iter(|| phone::parse_e164(black_box("+14155552671")).unwrap())
    });
    c.bench_function(
        "classify a phone number (country, line type, assignable)",
        |b| b.iter(|| phone::classify(black_box("+14155552671"))),
    );
}

criterion_group!(benches, signing, code_verification, phone_numbers);
criterion_main!(benches);

//! Browser end-to-end: `kyso serve` on a free loopback port, headless Chromium driven by
//! chromedriver. The shell must render in Vietnamese, navigation and the English toggle must work,
//! and a dropped file must be verified locally (in WebAssembly) into a report card.

use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use kyso_tests::harness::{ChromeDriver, Server};

const WAIT: Duration = Duration::from_secs(20);

async fn text_of(client: &Client, css: &str) -> anyhow::Result<String> {
    let element = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await?;
    Ok(element.text().await?)
}

async fn shell_renders_navigates_and_verifies_locally(
    client: &Client,
    url: &str,
) -> anyhow::Result<()> {
    client.goto(url).await?;
    // The app shell rendered by WebAssembly, Vietnamese first.
    assert_eq!(text_of(client, "main h1").await?, "Kiểm tra văn bản");
    assert_eq!(text_of(client, "#nav-rankings").await?, "Xếp hạng");

    // A file chosen in the page is verified locally: a non-PDF becomes an "unreadable" card.
    let notes = std::env::temp_dir().join(format!("kyso-e2e-{}.txt", std::process::id()));
    std::fs::write(&notes, b"not a pdf at all")?;
    let input = client.find(Locator::Css("#file-input")).await?;
    input.send_keys(&notes.display().to_string()).await?;
    let card = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#reports article.card"))
        .await?;
    assert_eq!(
        card.attr("data-verdict").await?.as_deref(),
        Some("unreadable")
    );
    assert!(card.text().await?.contains("Không đọc được"));
    std::fs::remove_file(&notes)?;

    // Navigation to the rankings page (client-side route).
    client
        .find(Locator::Css("#nav-rankings"))
        .await?
        .click()
        .await?;
    assert_eq!(text_of(client, "main h1").await?, "Xếp hạng cơ quan");
    assert!(client.current_url().await?.path().ends_with("/xep-hang"));

    // The English toggle switches the whole shell and survives a reload.
    client
        .find(Locator::Css("#lang-toggle"))
        .await?
        .click()
        .await?;
    assert_eq!(text_of(client, "main h1").await?, "Agency rankings");
    client.refresh().await?;
    assert_eq!(text_of(client, "main h1").await?, "Agency rankings");
    assert_eq!(text_of(client, "#nav-verify").await?, "Verify documents");

    // A deep link is served the app too.
    client.goto(&format!("{url}/xep-hang")).await?;
    assert_eq!(text_of(client, "main h1").await?, "Agency rankings");
    Ok(())
}

#[tokio::test]
async fn app_shell_renders_navigates_and_verifies_in_headless_chromium() -> anyhow::Result<()> {
    // Several rustls crypto providers are enabled across the workspace: pick ring explicitly.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let server = Server::start(&[])?;
    let driver = ChromeDriver::start()?;
    let client = ClientBuilder::rustls()?
        .capabilities(ChromeDriver::capabilities())
        .connect(&driver.url)
        .await?;
    let outcome = shell_renders_navigates_and_verifies_locally(&client, &server.url).await;
    // Close the browser session whatever happened; the guards then end the processes.
    let closed = client.close().await;
    outcome?;
    closed?;
    Ok(())
}

/// The rankings page over a recorded audit, under the server's Content-Security-Policy: the
/// table comes from `GET /api/rankings` and the bars get their width through the CSSOM (an
/// inline `style` attribute would be blocked).
async fn rankings_page_shows_the_stored_rankings(client: &Client, url: &str) -> anyhow::Result<()> {
    client.goto(&format!("{url}/xep-hang")).await?;
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("table.rankings tbody tr"))
        .await?;
    let rows = client
        .find_all(Locator::Css("table.rankings tbody tr"))
        .await?;
    assert_eq!(rows.len(), 12, "the demo's 12 agencies");
    let first = rows[0].text().await?;
    assert!(first.contains("UBND huyện Nghi Lộc"), "{first}");
    let width = client
        .execute(
            "const bars = document.querySelectorAll('table.rankings .bar-fill');
             return Array.from(bars).map(b => b.getBoundingClientRect().width);",
            vec![],
        )
        .await?;
    let widths: Vec<f64> = width
        .as_array()
        .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
        .unwrap_or_default();
    assert_eq!(widths.len(), 24, "two bars per agency: {width}");
    assert!(
        widths.iter().filter(|w| **w > 0.0).count() >= 12,
        "bars have their width under the CSP: {width}"
    );
    // The policy is in force: an inline style attribute and an inline script are refused.
    let blocked = client
        .execute(
            "const d = document.createElement('div');
             document.body.appendChild(d);
             d.setAttribute('style', 'width: 123px');
             const w = d.getBoundingClientRect().width;
             d.remove();
             const s = document.createElement('script');
             s.textContent = 'window.kysoInline = 1;';
             document.body.appendChild(s);
             return [w, window.kysoInline === undefined];",
            vec![],
        )
        .await?;
    assert_ne!(
        blocked[0].as_f64(),
        Some(123.0),
        "inline style applied: {blocked}"
    );
    assert_eq!(blocked[1], true, "inline script ran: {blocked}");
    Ok(())
}

#[tokio::test]
async fn rankings_page_shows_the_stored_rankings_in_headless_chromium() -> anyhow::Result<()> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("kyso-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("kyso.db");
    kyso_tests::history::record_demo(&db)?;
    let server = Server::start(&["--db", db.to_str().unwrap_or_default()])?;
    let driver = ChromeDriver::start()?;
    let client = ClientBuilder::rustls()?
        .capabilities(ChromeDriver::capabilities())
        .connect(&driver.url)
        .await?;
    let outcome = rankings_page_shows_the_stored_rankings(&client, &server.url).await;
    let closed = client.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    outcome?;
    closed?;
    Ok(())
}

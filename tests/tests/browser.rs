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

//! The Compare and Checklists views and the notes of the clause timeline, driven through the
//! real window on the bundled demo archive.
//!
//! Run with `make e2e`. Each test starts the app on an empty data folder and waits for the
//! first-launch import of the demo archive.

use std::time::Duration;

use fantoccini::Locator;

/// How long the first-launch import may take in a debug build under Xvfb.
const IMPORT_TIMEOUT: Duration = Duration::from_secs(150);

/// How long one command and the view's update may take.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn compare_arbitration_side_by_side() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        session.go("#/compare?category=arbitration").await?;
        let adoption = session
            .wait_for_text("[data-testid='compare-adoption']", "platforms", IMPORT_TIMEOUT)
            .await?;
        // Of the latest versions, only the Spotify, Stack Overflow and Zoom terms send disputes
        // to arbitration, and X's terms waive class actions. assets/regulations.toml rates the
        // EU risk high.
        assert!(adoption.contains("found in 4 of 11 platforms"), "{adoption}");
        let main = session.main_text().await?;
        assert!(main.contains("EU: high"), "{main}");

        let found = session
            .client
            .execute(
                "return [...document.querySelectorAll('.platform:not(.absent) h2')]
                    .map((heading) => heading.textContent);",
                vec![],
            )
            .await?;
        assert_eq!(found, serde_json::json!(["Spotify", "Stack Overflow", "X", "Zoom"]));
        let stack = session
            .client
            .find(Locator::Css("section.platform[aria-label='Stack Overflow']"))
            .await?
            .text()
            .await?;
        assert!(stack.contains("YOU AGREE THAT WITH RESPECT TO ALL"), "{stack}");
        let x = session.client.find(Locator::Css("section.platform[aria-label='X']")).await?;
        let x = x.text().await?;
        assert!(x.contains("Matched: “waive the right to participate"), "the evidence shows: {x}");
        Ok(())
    })
    .await
}

/// Clicks the button labelled `label` inside the first element matching `css`.
async fn press_in(
    session: &clausewatch_e2e::Session,
    css: &str,
    label: &str,
) -> anyhow::Result<()> {
    let script =
        "const button = [...document.querySelector(arguments[0]).querySelectorAll('button')]
            .find((candidate) => candidate.textContent.trim() === arguments[1]);
        if (!button) { throw new Error('no button ' + arguments[1]); }
        button.click();";
    let arguments = vec![serde_json::Value::from(css), serde_json::Value::from(label)];
    session.client.execute(script, arguments).await?;
    Ok(())
}

/// Opens the timeline of the Netflix Terms of Service clause on machine learning, which has no
/// note yet.
async fn open_netflix_ml_clause(session: &clausewatch_e2e::Session) -> anyhow::Result<()> {
    session.go("#/document?platform=Netflix&document=Terms%20of%20Service").await?;
    session.wait_for_text("main .clauses", "machine learning", IMPORT_TIMEOUT).await?;
    session.open_clause("machine learning").await?;
    session.wait_for_text("[data-testid='clause-notes']", "No note", STEP_TIMEOUT).await?;
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn unsaved_note_asks_before_leaving() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        open_netflix_ml_clause(session).await?;
        let draft = "Ask counsel about the TDM reservation";
        session.client.find(Locator::Id("note-body")).await?.send_keys(draft).await?;

        let dashboard = "nav[aria-label='Views'] a[data-view='dashboard']";
        session.client.find(Locator::Css(dashboard)).await?.click().await?;
        let question =
            session.wait_for_text("[data-testid='discard-dialog']", "Leave", STEP_TIMEOUT).await?;
        assert!(
            question.starts_with("1 note has changes that are not saved. Leave and discard them?"),
            "{question}"
        );
        press_in(session, "[data-testid='discard-dialog']", "Stay").await?;
        session.wait_for_heading("Clause timeline").await?;
        let field = session.client.find(Locator::Id("note-body")).await?;
        assert_eq!(field.prop("value").await?.as_deref(), Some(draft));

        session.client.find(Locator::Css(dashboard)).await?.click().await?;
        session.wait_for_text("[data-testid='discard-dialog']", "Leave", STEP_TIMEOUT).await?;
        press_in(session, "[data-testid='discard-dialog']", "Discard changes").await?;
        session.wait_for_heading("Dashboard").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn clause_note_and_checklist() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        open_netflix_ml_clause(session).await?;

        let note = "Check against <b>the TDM</b> reservation";
        session.client.find(Locator::Id("note-body")).await?.send_keys(note).await?;
        session
            .client
            .find(Locator::Css("[data-testid='clause-notes'] button"))
            .await?
            .click()
            .await?;
        let notes =
            session.wait_for_text("[data-testid='clause-notes']", note, STEP_TIMEOUT).await?;
        assert!(!notes.contains("No note"), "{notes}");
        let bold = session.client.find_all(Locator::Css("[data-testid='clause-notes'] b")).await?;
        assert!(bold.is_empty(), "the note's markup is shown as text");

        // Edited, then deleted after a confirmation.
        press_in(session, "[data-testid='note']", "Edit").await?;
        let field = session.client.find(Locator::Css("[data-testid='note'] textarea")).await?;
        session
            .client
            .execute("arguments[0].select();", vec![serde_json::to_value(&field)?])
            .await?;
        field.send_keys("Checked: no TDM reservation").await?;
        press_in(session, "[data-testid='note']", "Save").await?;
        let edited = "Checked: no TDM reservation";
        session.wait_for_text("[data-testid='clause-notes']", edited, STEP_TIMEOUT).await?;
        press_in(session, "[data-testid='note']", "Delete…").await?;
        press_in(session, "[data-testid='note']", "Delete note").await?;
        session.wait_for_text("[data-testid='clause-notes']", "No note", STEP_TIMEOUT).await?;

        session
            .client
            .find(Locator::LinkText("Open a checklist on this clause"))
            .await?
            .click()
            .await?;
        session.wait_for_heading("Checklists").await?;
        session
            .wait_for_text("#checklist-category", "AI and machine-learning use", STEP_TIMEOUT)
            .await?;
        // The link presets the category of the clause's newest categorised change.
        let preset = session.client.find(Locator::Id("checklist-category")).await?;
        assert_eq!(preset.prop("value").await?.as_deref(), Some("ai-machine-learning"));
        session.client.find(Locator::Id("checklist-open")).await?.click().await?;

        let detail = session
            .wait_for_text("[data-testid='checklist-detail']", "Netflix", STEP_TIMEOUT)
            .await?;
        assert!(detail.contains("clause"), "scope names the clause: {detail}");
        let rows = session.client.find_all(Locator::Css("[data-testid='checklist-item']")).await?;
        // The ai-machine-learning template in assets/taxonomy.toml has six items.
        assert_eq!(rows.len(), 6);
        let first = rows[0].text().await?;
        assert!(first.starts_with("Does the clause restrict use of the service"), "{first}");

        let item_id = rows[0]
            .find(Locator::Css("select"))
            .await?
            .attr("id")
            .await?
            .unwrap_or_default()
            .trim_start_matches("status-")
            .to_owned();
        session.set_field(&format!("status-{item_id}"), "complying").await?;
        session.set_field(&format!("owner-{item_id}"), "Dana").await?;
        session.set_field(&format!("risk-{item_id}"), "high").await?;
        session.set_field(&format!("evidence-{item_id}"), "DMS-42").await?;
        let buttons = rows[0].find_all(Locator::Css("button")).await?;
        buttons[0].click().await?;
        session.wait_for_text("[data-testid='checklist-detail']", "Saved.", STEP_TIMEOUT).await?;
        buttons[1].click().await?;
        let history =
            session.wait_for_text("[data-testid='item-history']", "Owner", STEP_TIMEOUT).await?;
        assert!(history.contains("Status Unassessed → Complying"), "{history}");
        assert!(history.contains("Owner — → Dana"), "{history}");
        assert!(history.contains("Risk — → high"), "{history}");
        assert!(history.contains("Evidence — → DMS-42"), "{history}");

        // Opening the same checklist again shows the one there is instead of a second one.
        session.client.find(Locator::Id("checklist-open")).await?.click().await?;
        session.wait_for_text("main", "already covers", STEP_TIMEOUT).await?;
        let entries =
            session.client.find_all(Locator::Css("nav[aria-label='Checklists'] li")).await?;
        assert_eq!(entries.len(), 1);

        // A due date that is no day of the calendar blocks Save instead of saving the older one.
        session.set_field(&format!("due-{item_id}"), "2027-02-31").await?;
        let row = session.client.find(Locator::Css("[data-testid='checklist-item']")).await?;
        let row_text = row.text().await?;
        assert!(row_text.contains("2027-02-31 is not a day of the calendar."), "{row_text}");
        assert!(row_text.contains("Correct the due date to save this item."), "{row_text}");
        let save = row.find(Locator::Css("button")).await?;
        assert_eq!(save.text().await?, "Save");
        assert!(!save.is_enabled().await?, "Save is disabled while the date is invalid");
        session.set_field(&format!("due-{item_id}"), "").await?;

        // An unsaved edit keeps the view until the user chooses to discard it.
        session.set_field(&format!("owner-{item_id}"), "Lee").await?;
        let dashboard = "nav[aria-label='Views'] a[data-view='dashboard']";
        session.client.find(Locator::Css(dashboard)).await?.click().await?;
        let question =
            session.wait_for_text("[data-testid='discard-dialog']", "Leave", STEP_TIMEOUT).await?;
        assert!(
            question.starts_with(
                "1 checklist item has changes that are not saved. Leave and discard them?"
            ),
            "{question}"
        );
        press_in(session, "[data-testid='discard-dialog']", "Stay").await?;
        session.wait_for_heading("Checklists").await?;
        let owner = session.client.find(Locator::Id(&format!("owner-{item_id}"))).await?;
        assert_eq!(owner.prop("value").await?.as_deref(), Some("Lee"));
        let dialogs =
            session.client.find_all(Locator::Css("[data-testid='discard-dialog']")).await?;
        assert!(dialogs.is_empty(), "Stay closes the question");

        session.client.find(Locator::Css(dashboard)).await?.click().await?;
        session.wait_for_text("[data-testid='discard-dialog']", "Leave", STEP_TIMEOUT).await?;
        press_in(session, "[data-testid='discard-dialog']", "Discard changes").await?;
        session.wait_for_heading("Dashboard").await?;
        Ok(())
    })
    .await
}

/// Clicks the entry of the checklist list whose text contains `name`.
async fn show_checklist(session: &clausewatch_e2e::Session, name: &str) -> anyhow::Result<()> {
    let script =
        "const entry = [...document.querySelectorAll(\"nav[aria-label='Checklists'] button\")]
            .find((candidate) => candidate.textContent.includes(arguments[0]));
        if (!entry) { throw new Error('no checklist ' + arguments[0]); }
        entry.click();";
    session.client.execute(script, vec![serde_json::Value::from(name)]).await?;
    session.wait_for_text("#checklist-title", name, STEP_TIMEOUT).await?;
    Ok(())
}

/// Returns the id of the first item of the checklist on screen.
async fn first_item_id(session: &clausewatch_e2e::Session) -> anyhow::Result<String> {
    let row = session.client.find(Locator::Css("[data-testid='checklist-item']")).await?;
    let id = row.find(Locator::Css("select")).await?.attr("id").await?.unwrap_or_default();
    Ok(id.trim_start_matches("status-").to_owned())
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn checklist_shows_saved_values_after_switching() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        let ai = "AI and machine-learning use";
        session.go("#/checklists").await?;
        session.wait_for_text("#checklist-category", ai, IMPORT_TIMEOUT).await?;
        session.set_field("checklist-category", "ai-machine-learning").await?;
        session.client.find(Locator::Id("checklist-open")).await?.click().await?;
        session.wait_for_text("#checklist-title", ai, STEP_TIMEOUT).await?;
        let item = first_item_id(session).await?;
        session.set_field(&format!("owner-{item}"), "Alice").await?;
        press_in(session, "[data-testid='checklist-item']", "Save").await?;
        session.wait_for_text("[data-testid='checklist-detail']", "Saved.", STEP_TIMEOUT).await?;

        session.set_field("checklist-category", "arbitration").await?;
        session.client.find(Locator::Id("checklist-open")).await?.click().await?;
        session.wait_for_text("#checklist-title", "Arbitration", STEP_TIMEOUT).await?;

        // Bob replaces Alice, then both checklists are shown in turn.
        show_checklist(session, ai).await?;
        session.set_field(&format!("owner-{item}"), "Bob").await?;
        press_in(session, "[data-testid='checklist-item']", "Save").await?;
        session.wait_for_text("[data-testid='checklist-detail']", "Saved.", STEP_TIMEOUT).await?;
        show_checklist(session, "Arbitration").await?;
        show_checklist(session, ai).await?;

        let owner = session.client.find(Locator::Id(&format!("owner-{item}"))).await?;
        assert_eq!(owner.prop("value").await?.as_deref(), Some("Bob"));

        // Saving a note writes the note alone.
        session.set_field(&format!("notes-{item}"), "Reviewed with legal").await?;
        press_in(session, "[data-testid='checklist-item']", "Save").await?;
        session.wait_for_text("[data-testid='checklist-detail']", "Saved.", STEP_TIMEOUT).await?;
        press_in(session, "[data-testid='checklist-item']", "History").await?;
        let history =
            session.wait_for_text("[data-testid='item-history']", "Note", STEP_TIMEOUT).await?;
        assert!(history.contains("Owner Alice → Bob"), "{history}");
        assert!(!history.contains("Bob → Alice"), "no owner is written back: {history}");
        let owner = session.client.find(Locator::Id(&format!("owner-{item}"))).await?;
        assert_eq!(owner.prop("value").await?.as_deref(), Some("Bob"));
        Ok(())
    })
    .await
}

//! The check of a page URL before a source stores it: an absolute http or https address
//! without a user name or password. Sources are stored as plain text and shown by the command
//! line, the app and memos, so credentials in a URL would be kept and shown to anyone.

use url::Url;

/// A page URL that a source cannot store.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageUrlError {
    #[error("invalid URL {url:?} ({reason}); give an absolute http or https address")]
    NotFetchable {
        url: String,
        /// What is wrong with it, as "invalid port number" or "scheme ftp is not http or https".
        reason: String,
    },

    #[error(
        "URL {masked} contains a user name or password; remove them and give the address of \
         the public page, because source URLs are stored and shown as given"
    )]
    Credentials {
        /// The URL with its password, or a user name given alone, replaced by `***`.
        masked: String,
    },
}

/// Returns an error unless a check can fetch `url` and storing it keeps no credentials.
pub fn check_page_url(url: &str) -> Result<(), PageUrlError> {
    let not_fetchable = |reason: String| PageUrlError::NotFetchable { url: url.to_owned(), reason };
    let trimmed = url.trim();
    let parsed = Url::parse(trimmed).map_err(|error| not_fetchable(error.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(not_fetchable(format!("scheme {} is not http or https", parsed.scheme())));
    }
    // The url crate reads "http:///terms" and "http:terms" as the host "terms", which is not
    // the address the user meant.
    let after_scheme = &trimmed[parsed.scheme().len() + 1..];
    let host_given = after_scheme.starts_with("//") && !after_scheme[2..].starts_with(['/', '\\']);
    if !host_given {
        return Err(not_fetchable("no host is given after the scheme".to_owned()));
    }
    if parsed.port() == Some(0) {
        return Err(not_fetchable("port 0 cannot be connected to".to_owned()));
    }
    if parsed.username().is_empty() && parsed.password().is_none() {
        return Ok(());
    }
    Err(PageUrlError::Credentials { masked: masked(parsed) })
}

/// Returns `url` with its password replaced by `***`. A user name given without a password is
/// replaced too, because access tokens are often passed that way.
fn masked(mut url: Url) -> String {
    // The url crate (2.x) rejects credentials only on URLs without a host, never on http or
    // https, so the results can be ignored.
    if url.password().is_some() {
        let _ = url.set_password(Some("***"));
    } else {
        let _ = url.set_username("***");
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_address_is_accepted() {
        assert_eq!(check_page_url(" https://example.com/terms?lang=en "), Ok(()));
    }

    #[test]
    fn credentials_are_masked() {
        let cases = [
            ("https://alice:s3cret@example.com/terms", "https://alice:***@example.com/terms"),
            ("https://ghp_token@example.com/terms", "https://***@example.com/terms"),
            ("http://alice:@example.com/", "http://***@example.com/"),
        ];
        for (url, masked) in cases {
            let error = check_page_url(url).expect_err(url);

            assert_eq!(error, PageUrlError::Credentials { masked: masked.to_owned() }, "{url}");
        }
    }

    #[test]
    fn other_schemes_are_not_fetchable() {
        let error = check_page_url("ftp://example.com/terms").expect_err("ftp");

        assert_eq!(
            error.to_string(),
            "invalid URL \"ftp://example.com/terms\" (scheme ftp is not http or https); give an \
             absolute http or https address"
        );
    }

    #[test]
    fn missing_host_and_port_zero_are_rejected() {
        let cases = [
            ("http:///terms", "no host is given after the scheme"),
            ("http:terms", "no host is given after the scheme"),
            ("https://127.0.0.1:0/terms", "port 0 cannot be connected to"),
        ];
        for (url, reason) in cases {
            let error = check_page_url(url).expect_err(url);

            let expected =
                PageUrlError::NotFetchable { url: url.to_owned(), reason: reason.into() };
            assert_eq!(error, expected);
        }
    }

    #[test]
    fn port_out_of_range_is_named() {
        let error = check_page_url("http://127.0.0.1:99999/terms").expect_err("port");

        assert_eq!(
            error,
            PageUrlError::NotFetchable {
                url: "http://127.0.0.1:99999/terms".to_owned(),
                reason: "invalid port number".to_owned(),
            }
        );
    }
}

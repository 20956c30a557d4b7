//! A StatusNotifier tray host on the session bus, for tests of the app's tray icon.
//!
//! Desktops that show tray icons run an `org.kde.StatusNotifierWatcher`; the app's tray
//! library registers its item there and publishes the item's menu with the `dbusmenu`
//! protocol. [`TrayHost`] serves that watcher, so the app starts with a tray as it would on
//! such a desktop. [`TrayMenu`] reads the registered item's menu and clicks its entries
//! through the same protocol a panel uses. Start the host before the app: the app looks for
//! one once, at start.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::sync::watch;
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Structure, Value};

/// Bus name and object path of the watcher a tray host owns.
const WATCHER_NAME: &str = "org.kde.StatusNotifierWatcher";
const WATCHER_PATH: &str = "/StatusNotifierWatcher";

/// Interfaces of a tray item and of its menu.
const ITEM_INTERFACE: &str = "org.kde.StatusNotifierItem";
const MENU_INTERFACE: &str = "com.canonical.dbusmenu";

/// A `dbusmenu` layout node: its id, its properties and its children, each a variant that
/// contains a node.
type LayoutNode = (i32, HashMap<String, OwnedValue>, Vec<OwnedValue>);

/// A registered tray item: the bus name of its process and its object path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayItem {
    pub service: String,
    pub path: String,
}

/// The watcher object: records every item that registers.
struct Watcher {
    items: watch::Sender<Vec<TrayItem>>,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    /// Registers an item. Items name either their object path, with the sender as service,
    /// or a bus name that serves the item at `/StatusNotifierItem`.
    async fn register_status_notifier_item(
        &self,
        service: &str,
        #[zbus(header)] header: zbus::message::Header<'_>,
    ) {
        let sender = header.sender().map(ToString::to_string).unwrap_or_default();
        let item = if service.starts_with('/') {
            TrayItem { service: sender, path: service.to_owned() }
        } else {
            TrayItem { service: service.to_owned(), path: "/StatusNotifierItem".to_owned() }
        };
        self.items.send_modify(|items| items.push(item));
    }

    async fn register_status_notifier_host(&self, _service: &str) {}

    #[zbus(property)]
    async fn registered_status_notifier_items(&self) -> Vec<String> {
        self.items.borrow().iter().map(|item| format!("{}{}", item.service, item.path)).collect()
    }

    #[zbus(property)]
    async fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    async fn protocol_version(&self) -> i32 {
        0
    }
}

/// A tray host serving the watcher until dropped.
pub struct TrayHost {
    connection: zbus::Connection,
    items: watch::Receiver<Vec<TrayItem>>,
}

impl TrayHost {
    /// Serves the watcher on the session bus of `DBUS_SESSION_BUS_ADDRESS`.
    pub async fn start() -> anyhow::Result<Self> {
        let (sender, items) = watch::channel(Vec::new());
        let connection = zbus::connection::Builder::session()?
            .name(WATCHER_NAME)?
            .serve_at(WATCHER_PATH, Watcher { items: sender })?
            .build()
            .await
            .context("could not serve a StatusNotifier watcher on the session bus")?;
        Ok(Self { connection, items })
    }

    /// Waits until an item registers and returns the first one.
    pub async fn wait_for_item(&self, timeout: Duration) -> anyhow::Result<TrayItem> {
        let mut items = self.items.clone();
        let registered = items.wait_for(|items| !items.is_empty());
        let items = tokio::time::timeout(timeout, registered)
            .await
            .with_context(|| format!("no tray item registered within {timeout:?}"))??;
        Ok(items[0].clone())
    }

    /// Returns the menu of `item`.
    pub async fn menu(&self, item: &TrayItem) -> anyhow::Result<TrayMenu> {
        let proxy = self.proxy(&item.service, &item.path, ITEM_INTERFACE).await?;
        let path: OwnedObjectPath =
            proxy.get_property("Menu").await.context("the tray item has no Menu property")?;
        let menu = self.proxy(&item.service, path.as_str(), MENU_INTERFACE).await?;
        Ok(TrayMenu { proxy: menu })
    }

    async fn proxy(
        &self,
        service: &str,
        path: &str,
        interface: &str,
    ) -> anyhow::Result<zbus::Proxy<'static>> {
        let proxy = zbus::Proxy::new(
            &self.connection,
            service.to_owned(),
            path.to_owned(),
            interface.to_owned(),
        )
        .await
        .with_context(|| format!("no {interface} proxy for {service}{path}"))?;
        Ok(proxy)
    }
}

/// The menu of a tray item, read and clicked through `com.canonical.dbusmenu`.
pub struct TrayMenu {
    proxy: zbus::Proxy<'static>,
}

impl TrayMenu {
    /// Returns the id and label of each top-level entry that has a label, in menu order.
    /// Mnemonic underscores are removed from the labels.
    pub async fn entries(&self) -> anyhow::Result<Vec<(i32, String)>> {
        let properties: Vec<&str> = vec!["label"];
        let (_revision, layout): (u32, LayoutNode) =
            self.proxy.call("GetLayout", &(0_i32, 1_i32, properties)).await?;

        let mut entries = Vec::new();
        for child in &layout.2 {
            let Value::Structure(entry) = &**child else {
                bail!("a menu entry is not a structure: {child:?}");
            };
            if let Some(found) = labelled(entry)? {
                entries.push(found);
            }
        }
        Ok(entries)
    }

    /// Clicks the entry labelled `label`, as a panel does when a person picks it.
    pub async fn click(&self, label: &str) -> anyhow::Result<()> {
        let entries = self.entries().await?;
        let Some((id, _)) = entries.iter().find(|(_, text)| text == label) else {
            bail!("the tray menu has no entry {label:?}: {entries:?}");
        };
        let data = Value::from(0_i32);
        let timestamp = 0_u32;
        let _: () = self.proxy.call("Event", &(*id, "clicked", data, timestamp)).await?;
        Ok(())
    }
}

/// Returns the id and label of a menu entry `(id, properties, children)`, if it has a label.
fn labelled(entry: &Structure<'_>) -> anyhow::Result<Option<(i32, String)>> {
    let [Value::I32(id), Value::Dict(properties), ..] = entry.fields() else {
        bail!("unexpected menu entry layout: {entry:?}");
    };
    let properties: HashMap<String, OwnedValue> = properties.try_clone()?.try_into()?;
    let Some(label) = properties.get("label") else {
        return Ok(None);
    };
    let label: String = label.try_clone()?.try_into()?;
    Ok(Some((*id, label.replace('_', ""))))
}

import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { ConnectionBanner, ConnectionOverlay } from './components/connection-banner.js';
import { SetupNext } from './components/setup-next.js';
import { TrafficLightDialog } from './components/traffic-light/traffic-light-dialog.js';
import { AboutBox } from './components/about-box.js';
import { OffsiteTab } from './offsite/offsite-tab.js';
import { OverviewTab } from './overview/overview-tab.js';
import { ProgressView } from './progress/progress-view.js';
import { DataDirectoriesTab } from './tabs/data-directories-tab.js';
import { FolderTab } from './tabs/folder-tab.js';
import { NotificationTab } from './tabs/notification-tab.js';
import { ScheduleTab } from './tabs/schedule-tab.js';
import { VaultTab } from './tabs/vault-tab.js';
import { useApp } from './store/store.js';

/** The console's tabs; only tabs that do real work are listed. */
const tabs = [
  { id: 'overview', label: 'Overview', panel: <OverviewTab /> },
  { id: 'schedule', label: 'Schedule', panel: <ScheduleTab /> },
  { id: 'notification', label: 'Notification', panel: <NotificationTab /> },
  { id: 'folder', label: 'Folder', panel: <FolderTab /> },
  { id: 'vault', label: 'Vault', panel: <VaultTab /> },
  { id: 'offsite', label: 'Offsite', panel: <OffsiteTab /> },
  { id: 'data-directories', label: 'Data Directories', panel: <DataDirectoriesTab /> },
];

export function App() {
  const loadError = useApp((s) => s.loadError);
  const connected = useApp((s) => s.connection === 'open');
  // Nothing is shown before the Director's first answer: no made-up "no backup yet".
  const isUser = useApp((s) => s.about?.signedInAs.role === 'user');
  const loaded = useApp((s) => s.status !== null && (s.settings !== null || s.about?.signedInAs.role === 'user'));
  return (
    <>
      <ConnectionOverlay />
      <div className="app" inert={!connected}>
        <header className="app-header">
          <h1>HotBackup</h1>
          <ConnectionBanner />
        </header>
        {loadError && (
          <p role="alert" className="error-banner">
            {loadError}
          </p>
        )}
        {loaded && (isUser ? <UserView /> : <Console />)}
        <AboutBox />
        <TrafficLightDialog />
      </div>
    </>
  );
}

/** A `user`: progress, results and the health light (no paths, nothing to configure). */
function UserView() {
  return (
    <>
      <ProgressView />
      <OverviewTab />
    </>
  );
}

function Console() {
  const tab = useApp((s) => s.tab);
  const setTab = useApp((s) => s.setTab);
  const selected = tabs.some((t) => t.id === tab) ? tab : tabs[0]!.id;
  return (
    <>
      <ProgressView />
      <SetupNext />
      <Tabs className="tabs" selectedKey={selected} onSelectionChange={(k) => setTab(String(k))}>
        <TabList aria-label="HotBackup configuration" className="tab-list">
          {tabs.map((t) => (
            <Tab key={t.id} id={t.id} className="tab">
              {t.label}
            </Tab>
          ))}
        </TabList>
        {tabs.map((t) => (
          <TabPanel key={t.id} id={t.id} className="tab-panel">
            {t.panel}
          </TabPanel>
        ))}
      </Tabs>
    </>
  );
}

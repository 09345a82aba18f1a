import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { ConnectionBanner } from './components/connection-banner.js';
import { FolderTab } from './tabs/folder-tab.js';
import { useApp } from './store/store.js';

/** The console's tabs; only tabs that do real work are listed. */
const tabs = [{ id: 'folder', label: 'Folder', panel: <FolderTab /> }];

export function App() {
  const loadError = useApp((s) => s.loadError);
  return (
    <div className="app">
      <header className="app-header">
        <h1>HotBackup</h1>
        <ConnectionBanner />
      </header>
      {loadError && (
        <p role="alert" className="error-banner">
          {loadError}
        </p>
      )}
      <Tabs className="tabs">
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
    </div>
  );
}

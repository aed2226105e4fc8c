import { useEffect, useRef, useState, type ReactNode } from 'react';
import { HistorySection } from './HistorySection';
import { ImportSection } from './ImportSection';
import { ModelSection } from './ModelSection';
import { MusicSection } from './MusicSection';
import { OverviewSection } from './OverviewSection';
import { PlaylistsSection } from './PlaylistsSection';
import { RunsSection } from './RunsSection';
import { SettingsSection } from './SettingsSection';
import { StorageNote, usePersistentStorage, type Persistence } from './StorageSection';
import { SyncSection } from './SyncSection';
import { BackupSection } from './DataSection';

/** The dashboard's sections, each at its own address (options.html#training), in the nav's order. */
export const SECTIONS = [
  { id: 'overview', label: 'Overview' },
  { id: 'training', label: 'Training' },
  { id: 'model', label: 'Model' },
  { id: 'music', label: 'Music' },
  { id: 'runs', label: 'Runs' },
  { id: 'playlists', label: 'Playlists' },
  { id: 'settings', label: 'Settings' },
  { id: 'data', label: 'Your data' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

const DEFAULT_SECTION: SectionId = 'overview';

function sectionOf(hash: string): SectionId {
  const id = decodeURIComponent(hash.replace(/^#/, ''));
  return SECTIONS.some((section) => section.id === id) ? (id as SectionId) : DEFAULT_SECTION;
}

/** The section the address names; the browser's back and forward buttons move between them. */
function useSection(): { section: SectionId; navigated: boolean } {
  const [state, setState] = useState(() => ({ section: sectionOf(window.location.hash), navigated: false }));
  useEffect(() => {
    const follow = () => setState({ section: sectionOf(window.location.hash), navigated: true });
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return state;
}

/** What each section shows. One section is mounted at a time. */
function SectionContent({ section, persistence }: { section: SectionId; persistence: Persistence }): ReactNode {
  switch (section) {
    case 'overview':
      return <OverviewSection />;
    case 'training':
      return <HistorySection />;
    case 'model':
      return <ModelSection />;
    case 'music':
      return <MusicSection />;
    case 'runs':
      return <RunsSection />;
    case 'playlists':
      return <PlaylistsSection />;
    case 'settings':
      return <SettingsSection />;
    case 'data':
      return (
        <>
          <SyncSection />
          <ImportSection />
          <BackupSection />
          <StorageNote state={persistence} />
        </>
      );
  }
}

export function App() {
  const { section, navigated } = useSection();
  // Asked once per page: the browser keeps a history that took days to sync even when the disk runs low.
  const persistence = usePersistentStorage();
  const heading = useRef<HTMLHeadingElement>(null);
  const current = SECTIONS.find((entry) => entry.id === section)!;

  useEffect(() => {
    document.title = `${current.label} · RunSound`;
    // After a move (not on the first load), the section's heading takes the focus, so a screen
    // reader says where the runner landed and Tab goes on from there.
    if (navigated) heading.current?.focus();
  }, [current.label, navigated, section]);

  return (
    <div className="rs-page rs-dashboard">
      <header className="rs-dashboard-head">
        <h1>RunSound</h1>
        <nav aria-label="Dashboard">
          <ul>
            {SECTIONS.map((entry) => (
              <li key={entry.id}>
                <a href={`#${entry.id}`} aria-current={entry.id === section ? 'page' : undefined}>
                  {entry.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p className="rs-dashboard-foot">
          <a href="/privacy.html" target="_blank" rel="noreferrer">
            Privacy
          </a>
          : what RunSound reads, keeps and sends
        </p>
      </header>
      <main className="rs-dashboard-main">
        {persistence === 'refused' && section === 'overview' ? <StorageNote state={persistence} /> : null}
        <section id={section} key={section} aria-labelledby={`${section}-title`} className="rs-dashboard-section">
          <h2 id={`${section}-title`} className="rs-section-title" tabIndex={-1} ref={heading}>
            {current.label}
          </h2>
          <SectionContent section={section} persistence={persistence} />
        </section>
      </main>
    </div>
  );
}

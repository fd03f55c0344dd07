import { BudgetSection } from './BudgetSection';
import { CliSection } from './CliSection';
import { KeySection } from './KeySection';
import { LibrarySection } from './LibrarySection';
import { RenderingSection } from './RenderingSection';
import { UpdatesSection } from './UpdatesSection';
import './settings.css';

export function SettingsScreen() {
  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      <div className="settings">
        <KeySection />
        <RenderingSection />
        <BudgetSection />
        <LibrarySection />
        <CliSection />
        <UpdatesSection />
      </div>
    </section>
  );
}

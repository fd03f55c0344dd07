import { useTranslation } from 'react-i18next';
import { BudgetSection } from './BudgetSection';
import { CliSection } from './CliSection';
import { KeySection } from './KeySection';
import { LanguageSection } from './LanguageSection';
import { LibrarySection } from './LibrarySection';
import { RenderingSection } from './RenderingSection';
import { UpdatesSection } from './UpdatesSection';
import './settings.css';

export function SettingsScreen() {
  const { t } = useTranslation('settings');
  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title">{t('title')}</h1>
      </header>
      <div className="settings">
        <KeySection />
        <RenderingSection />
        <LanguageSection />
        <BudgetSection />
        <LibrarySection />
        <CliSection />
        <UpdatesSection />
      </div>
    </section>
  );
}

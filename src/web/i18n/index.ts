import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { ru } from './ru.ts';

export type Locale = 'ru' | 'en';

const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem('tandem.locale');

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ru: { translation: ru } },
  lng: stored === 'en' || stored === 'ru' ? stored : 'ru',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

/** Switches the interface language; the person's choice is also saved on the server (PATCH /me). */
export function setLocale(locale: Locale): void {
  localStorage.setItem('tandem.locale', locale);
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}

export default i18n;

import type en from "../../messages/en.json";
import type { Locale } from "./locale";

/** Typed message keys and locales for next-intl: a missing or misspelled key fails the type check. */
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}

// The directory settings page talks to the LDAP adapter through this narrow port.
export interface DirectoryTestStep {
  readonly step: string;
  readonly ok: boolean;
  readonly message: string;
}

export interface ConsoleDirectory {
  publicConfig(): Promise<Record<string, unknown>>;
  configureFromForm(form: Readonly<Record<string, string>>): Promise<void>;
  test(): Promise<{ ok: boolean; steps: readonly DirectoryTestStep[] }>;
  sync(): Promise<Record<string, number>>;
}

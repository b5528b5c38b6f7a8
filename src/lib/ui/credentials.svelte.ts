/**
 * Which credentials sign a composed request: the pair built into this app, or typed ones (an API
 * key and shared key, or an OAuth client), kept in memory unless the user asks to remember them.
 */
import { forgetCredentials, rememberedCredentials, type ComposeCredentials } from '../storage/composer';
import { toStorageError } from '../storage/errors';

/** An API key with its shared key, complete. */
export interface ApiKeyPair {
  apiKey: string;
  sharedKey: string;
}

export class CredentialChoice {
  /** The build's pair, when it carries a complete one: then the user need not type anything. */
  readonly builtIn: ApiKeyPair | undefined;
  source = $state<'config' | 'typed'>('typed');
  auth = $state<'api-key' | 'oauth'>('api-key');
  apiKey = $state('');
  sharedKey = $state('');
  clientId = $state('');
  clientSecret = $state('');
  remember = $state(false);
  /** What happened when remembering was switched off. */
  rememberNote = $state<string | null>(null);

  constructor(configured: { apiKey?: string; sharedKey?: string } | undefined) {
    this.builtIn =
      configured?.apiKey && configured.sharedKey
        ? { apiKey: configured.apiKey, sharedKey: configured.sharedKey }
        : undefined;
    this.source = this.builtIn ? 'config' : 'typed';
    this.apiKey = configured?.apiKey ?? '';
  }

  /** The credentials that sign the request. */
  chosen(): ComposeCredentials {
    if (this.source === 'config' && this.builtIn) return this.builtIn;
    return this.auth === 'api-key'
      ? { apiKey: this.apiKey.trim(), sharedKey: this.sharedKey }
      : { clientId: this.clientId.trim(), clientSecret: this.clientSecret };
  }

  /** Typed credentials are stored when the request is composed only if the user asked. */
  get toRemember(): boolean {
    return this.source === 'typed' && this.remember;
  }

  /** Brings back credentials remembered on this device. Without storage nothing was remembered; typing still works. */
  async restore(): Promise<void> {
    const stored = await rememberedCredentials().catch(() => undefined);
    if (!stored) return;
    this.source = 'typed';
    this.remember = true;
    this.auth = stored.clientId ? 'oauth' : 'api-key';
    this.apiKey = stored.apiKey ?? this.apiKey;
    this.sharedKey = stored.sharedKey ?? '';
    this.clientId = stored.clientId ?? '';
    this.clientSecret = stored.clientSecret ?? '';
  }

  /** Unticking "Remember" forgets what was stored at once. */
  async rememberChanged(): Promise<void> {
    this.rememberNote = null;
    if (this.remember) return;
    try {
      await forgetCredentials();
      this.rememberNote = 'Forgotten: nothing of them is stored on this device now.';
    } catch (err) {
      this.rememberNote = toStorageError(err).message;
    }
  }
}

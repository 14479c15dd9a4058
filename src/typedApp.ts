/**
 * Typed apps: `gradio<MyApp>(source)` with an interface written by `gradio-rx types`. Types
 * only: a typed app is the same `GradioApp` object, so typing costs nothing at run time.
 */
import type { Observable } from 'rxjs';
import type { GradioApp } from './client.js';
import type { CompletedEvent, GeneratingEvent, GradioEvent } from './events.js';

/**
 * One endpoint of a typed app, as `gradio-rx types` writes it.
 *
 * @example
 * ```ts
 * interface Echo {
 *   '/echo': { parameters: [text: string]; named: { text: string }; returns: [string] };
 * }
 * ```
 */
export interface EndpointSignature {
  /** The positional inputs: one per parameter of `/info`, in order, all given. */
  parameters: readonly unknown[];
  /** The named arguments: parameters with a default are optional. */
  named: object;
  /** The outputs, as `predict` emits them. */
  returns: readonly unknown[];
}

/** An interface of endpoints, keyed by api name with its leading slash (`'/chat'`). */
export type AppSignature<Api> = { [Name in keyof Api]: EndpointSignature };

/** The names a typed app accepts: each api name with or without its leading slash. */
export type EndpointName<Api> = (keyof Api & string) | (keyof Api & string extends infer Name ? (Name extends `/${infer Bare}` ? Bare : never) : never);

/** The signature of an endpoint of `Api`, found by either spelling of its name. */
export type SignatureOf<Api, Name> = Name extends keyof Api ? Api[Name] : `/${Name & string}` extends keyof Api ? Api[`/${Name & string}`] : never;

/** What a typed endpoint takes as `data`: its positional tuple or its named object. */
export type TypedData<Signature> = Signature extends EndpointSignature ? Signature['parameters'] | Signature['named'] : never;

/** The outputs `predict` emits for a typed endpoint. */
export type TypedOutputs<Signature> = Signature extends EndpointSignature ? Signature['returns'] : never;

/**
 * The events of a typed job: `generating` and `completed` carry the endpoint's typed outputs;
 * every other event is the usual `GradioEvent`. Still a `GradioEvent`, so every operator applies.
 */
export type TypedEvent<Outputs> = Exclude<GradioEvent, GeneratingEvent | CompletedEvent> | (Omit<GeneratingEvent, 'data'> & OutputsData<Outputs>) | (Omit<CompletedEvent, 'data'> & OutputsData<Outputs>);

/** The typed `data` of a `generating` or `completed` event. */
export interface OutputsData<Outputs> {
  /** The value of every output, typed by the endpoint's signature. */
  data: Outputs;
}

/** The arguments after the endpoint name: `data` (required unless the endpoint takes no parameters), then the method's options. */
export type TypedArguments<Signature, Options> = Signature extends EndpointSignature
  ? Signature['parameters'] extends readonly []
    ? [data?: TypedData<Signature>, options?: Options]
    : [data: TypedData<Signature>, options?: Options]
  : never;

/** The options argument of a `GradioApp` method (whatever options it grows). */
type OptionsOf<Method> = Method extends (endpoint: never, data: never, options?: infer Options) => unknown ? Options : never;

/**
 * A `GradioApp` whose `submit`, `call` and `predict` know the app's endpoints: the name must be
 * one of them, `data` must fit the positional tuple or the named object, and the outputs are
 * typed (`predict`'s values, the `data` of `generating` and `completed` events). Made by
 * `gradio<Api>(source)`.
 */
export type TypedGradioApp<Api extends AppSignature<Api>> = Omit<GradioApp, 'submit' | 'call' | 'predict'> & {
  /** `GradioApp.submit` for a typed endpoint: its outputs are typed in `generating` and `completed`. */
  submit<Name extends EndpointName<Api>>(endpoint: Name, ...args: TypedArguments<SignatureOf<Api, Name>, OptionsOf<GradioApp['submit']>>): Observable<TypedEvent<TypedOutputs<SignatureOf<Api, Name>>>>;
  /** `GradioApp.call` for a typed endpoint: its outputs are typed in `generating` and `completed`. */
  call<Name extends EndpointName<Api>>(apiName: Name, ...args: TypedArguments<SignatureOf<Api, Name>, OptionsOf<GradioApp['call']>>): Observable<TypedEvent<TypedOutputs<SignatureOf<Api, Name>>>>;
  /** `GradioApp.predict` for a typed endpoint: emits its typed outputs once. */
  predict<Name extends EndpointName<Api>>(endpoint: Name, ...args: TypedArguments<SignatureOf<Api, Name>, OptionsOf<GradioApp['predict']>>): Observable<TypedOutputs<SignatureOf<Api, Name>>>;
};

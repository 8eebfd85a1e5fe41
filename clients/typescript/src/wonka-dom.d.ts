// urql's stream library (wonka) declares `fromDomEvent(element: HTMLElement, …)`, a browser
// type this Node client has no DOM library for; the examples never call it.
interface HTMLElement {}

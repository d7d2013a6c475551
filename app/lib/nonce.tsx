import { createContext, useContext } from "react";

/** The request's CSP nonce, for the inline scripts Remix renders (empty in the browser). */
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);

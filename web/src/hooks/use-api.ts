import { createContext, useContext } from "react";
import { ApiClient } from "../api/client.js";

/** The API client for the screens; tests may provide one with another base URL. */
export const ApiContext = createContext(new ApiClient());

export function useApi(): ApiClient {
  return useContext(ApiContext);
}

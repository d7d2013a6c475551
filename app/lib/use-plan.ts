import { useRouteLoaderData } from "@remix-run/react";
import type { loader } from "../routes/releases.$release.plan";

/** The plan pages' shared data, loaded once by their layout route. */
export const usePlan = () => useRouteLoaderData<typeof loader>("routes/releases.$release.plan")!;

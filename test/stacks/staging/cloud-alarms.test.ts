/**
 * The committed `staging` plan has no alerting routes, hence no cloud alarms.
 */
import { describe, expect, it } from "vitest";
import { evaluateOk, ofType } from "../../support/helpers";
import { CLOUD_ALARM_TYPES as T } from "../../support/aws-types";

describe("staging: no alerting routes, no cloud alarms", () => {
    it("creates no alarm, topic or component", async () => {
        const { resources } = await evaluateOk("staging");
        expect(ofType(resources, T.component)).toEqual([]);
        expect(ofType(resources, T.alarm)).toEqual([]);
        expect(ofType(resources, T.topic)).toEqual([]);
    });
});

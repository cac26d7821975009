/**
 * Entry point: read and validate the stack configuration (nothing is created if it is invalid),
 * then build the stack for its target. The exported object's fields are the stack outputs.
 */
import { loadConfig } from "./config/load";
import { deploy } from "./stacks";

export = deploy(loadConfig());

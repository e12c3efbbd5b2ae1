/** Counts the AWS calls the in-use sources make, by IAM action, so runs can quote them. */
export type CallCounter = (action: string) => void;

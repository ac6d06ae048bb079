/** A company folder of the content tree and the Halo client its articles are for. */
export interface Company {
  folder: string;
  /** Client name in Halo (default: the folder name). */
  clientName: string;
  /** Client id in Halo, when the mapping names it; otherwise resolved by name at publish time. */
  clientId?: number;
  /** Name of the company's FAQ list (default: the client name). */
  faqList: string;
  /** `_company.yml`, for messages. */
  configPath?: string;
}

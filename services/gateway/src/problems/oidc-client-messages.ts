import type { Locale } from '@sesame/account-rules';

/** The refusals of a client's registration (identity's issue codes, oidc-clients.rules). */
export const OIDC_CLIENT_FIELD_MESSAGES: Record<Locale, Record<string, string>> = {
  fr: {
    'oidc.redirect_uri_required': 'Indiquez au moins une adresse de retour : c’est là que l’outil reçoit l’utilisateur connecté.',
    'oidc.openid_scope_required': 'Un outil qui connecte des utilisateurs doit demander la portée « openid ».',
    'oidc.scope_not_for_users': 'Les portées « scim » et « oneroster » sont réservées aux clients machine.',
    'oidc.scope_not_for_machines': 'Un client machine ne reçoit que les portées « scim » et « oneroster ».',
    'oidc.not_for_machines': 'Un client machine ne connecte aucun utilisateur : le champ « {field} » ne le concerne pas.',
    'oidc.https_required': 'L’adresse « {uri} » doit commencer par https:// (http:// n’est accepté que pour localhost et 127.0.0.1).',
    'oidc.relatives_links_need_sesame_scope': 'Les liens entre parents et élèves sont transmis avec la portée « sesame » : ajoutez-la.',
    'oidc.backchannel_not_for_public': 'Une application dans le navigateur ou sur un téléphone n’a pas de serveur que Sesame puisse appeler : elle n’a pas d’adresse de déconnexion (back-channel).',
    'oidc.operations_for_machines': 'Seul un client machine reçoit des opérations sur les comptes (SCIM).',
    'oidc.read_required': 'Un client machine doit pouvoir lire les comptes : SCIM renvoie le compte après chaque écriture.',
    'oidc.writes_need_scim': 'Créer, modifier, désactiver ou supprimer des comptes se fait par SCIM : ajoutez la portée « scim ».',
  },
  en: {
    'oidc.redirect_uri_required': 'Give at least one redirect address: that is where the tool receives the signed-in user.',
    'oidc.openid_scope_required': 'A tool that signs users in must ask for the “openid” scope.',
    'oidc.scope_not_for_users': 'The “scim” and “oneroster” scopes are for machine clients only.',
    'oidc.scope_not_for_machines': 'A machine client is given the “scim” and “oneroster” scopes only.',
    'oidc.not_for_machines': 'A machine client signs no user in: the field “{field}” does not apply to it.',
    'oidc.https_required': 'The address “{uri}” must start with https:// (http:// is accepted for localhost and 127.0.0.1 only).',
    'oidc.relatives_links_need_sesame_scope': 'The links between relatives and pupils come with the “sesame” scope: add it.',
    'oidc.backchannel_not_for_public': 'An application in the browser or on a phone has no server Sesame could call: it has no back-channel logout address.',
    'oidc.operations_for_machines': 'Only a machine client is given operations on accounts (SCIM).',
    'oidc.read_required': 'A machine client must be able to read accounts: SCIM answers each write with the account.',
    'oidc.writes_need_scim': 'Accounts are created, changed, deactivated or deleted through SCIM: add the “scim” scope.',
  },
};

/** Why a change to a client was refused (identity's reasons), said in the answer's `detail`. */
export const OIDC_CLIENT_CONFLICT_REASONS: Record<Locale, Record<string, string>> = {
  fr: {
    oidc_client_public: 'Un client public n’a pas de secret : il prouve son identité par PKCE à chaque connexion.',
  },
  en: {
    oidc_client_public: 'A public client has no secret: it proves itself with PKCE at each sign-in.',
  },
};

"""The English of ecoparc's French messages: the one catalogue (factors.messages).

Keys are the French texts as the code writes them, ``{}`` where a value stands;
values are their English, where ``{}`` (or ``{0}``, ``{1}`` to reorder) receives
the values, themselves worded. A French « guillemet » becomes an English “quote”.
tests/language/test_messages.py fails on a message of the code missing here, and
on a French word left in an English wording.
"""

from __future__ import annotations

from typing import Final

#: French message (template) → English.
ENGLISH: Final[dict[str, str]] = {
    # — files written (factors.outputs)
    "{} : le dossier « {} » n'existe pas": "{}: the folder “{}” does not exist",
    "{} : écriture interdite dans le dossier « {} »": (
        "{}: writing is not allowed in the folder “{}”"
    ),
    "{} : « {} » est un fichier, pas un dossier": "{}: “{}” is a file, not a folder",
    "{} : le dossier « {} » n'accepte pas de fichier": "{}: the folder “{}” takes no files",
    "{} : le dossier « {} » est en lecture seule": "{}: the folder “{}” is read-only",
    "{} : plus de place sur le disque": "{}: no space left on the disk",
    "{} : nom de fichier trop long": "{}: file name too long",
    "{} : écriture impossible ({})": "{}: cannot write ({})",
    # factors.system_errors: why the system refused a file.
    "accès refusé": "access denied",
    "opération interdite": "operation not permitted",
    "un élément du chemin n'est pas un dossier": "a part of the path is not a folder",
    "erreur de lecture ou d'écriture du support": "input/output error of the medium",
    "nom de fichier trop long": "file name too long",
    "trop de liens symboliques enchaînés": "too many symbolic links in a row",
    "trop de fichiers ouverts": "too many open files",
    "trop de fichiers ouverts sur le système": "too many open files on the system",
    "mémoire insuffisante": "not enough memory",
    "plus de place sur le disque": "no space left on the disk",
    "quota de disque dépassé": "disk quota exceeded",
    "support en lecture seule": "read-only medium",
    "périphérique absent": "no such device",
    "fichier ou périphérique occupé": "file or device busy",
    "fichier occupé": "file busy",
    "ressource momentanément indisponible": "resource temporarily unavailable",
    "partage réseau perdu": "network share lost",
    "délai dépassé (partage réseau injoignable ?)": "timed out (network share unreachable?)",
    "partage réseau injoignable": "network share unreachable",
    "erreur système n° {}": "system error no. {}",
    "erreur système": "system error",
    "{} : c'est un dossier, pas un fichier": "{}: this is a folder, not a file",
    "{} : ce n'est pas un fichier ordinaire": "{}: this is not a regular file",
    "{} : c'est le fichier lu en entrée, il serait écrasé (choisissez un autre nom)": (
        "{}: this is the input file, it would be overwritten (choose another name)"
    ),
    # — the import's preview (services.imports)
    "nouveau site": "new site",
    # — access (fleet.access, fleet.access_keys)
    "les droits d'accès concernent une base PostgreSQL partagée ; sur SQLite, une personne "
    "travaille sur son fichier et ses droits sur le fichier font la frontière "
    "(docs/administration.md)": (
        "access rights apply to a shared PostgreSQL database; on SQLite, a person works on "
        "their own file and the file's permissions are the boundary (docs/administration.md)"
    ),
    "un identifiant a de 1 à 63 octets": "a login has 1 to 63 bytes",
    "mot de passe trop court : 12 caractères au moins": (
        "password too short: 12 characters at least"
    ),
    "le fichier de clé de pseudonymisation {} est lisible par d'autres utilisateurs (droits {}) "
    ": rendez-le privé (chmod 600 {})": (
        "the pseudonymisation key file {} is readable by other users (mode {}): make it "
        "private (chmod 600 {})"
    ),
    "le fichier de clé de pseudonymisation {} est vide": (
        "the pseudonymisation key file {} is empty"
    ),
    "le fichier {} n'est pas la clé de pseudonymisation de cette base (empreinte {} au lieu de "
    "{}) : indiquez la bonne clé avec {}, sinon les mêmes personnes recevraient d'autres "
    "pseudonymes": (
        "the file {} is not this database's pseudonymisation key (fingerprint {} instead of "
        "{}): give the right key with {}, otherwise the same people would get other pseudonyms"
    ),
    "clé de pseudonymisation illisible ({} : {})": "unreadable pseudonymisation key ({}: {})",
    "Identifiant créé : {} (sans droit : « ecoparc access grant {} … »)": (
        "Login created: {} (no rights yet: “ecoparc access grant {} …”)"
    ),
    "Droit donné : {} — {} — {}": "Right granted: {} — {} — {}",
    "Droit(s) retiré(s) à {} : {}": "Right(s) revoked from {}: {}",
    # — refusals of a login acting outside its rights (fleet.access, fleet.access_sql)
    "vous n'avez pas le droit de modifier {} de {}": "you may not change {} of {}",
    "vous n'avez pas le droit de modifier {}": "you may not change {}",
    "vous n'avez pas le droit de consulter {}": "you may not read {}",
    "vous n'avez pas le droit de modifier {} (entité d'un autre service, ou droit de lecture "
    "seulement)": "you may not change {} (an entity of another department, or a read-only right)",
    "vous n'avez pas le droit de créer cette entité : {}": "you may not create this entity: {}",
    "vous n'avez pas le droit de créer l'entité « {} » : {}": (
        "you may not create the entity “{}”: {}"
    ),
    "seul un administrateur de la métropole crée une entité, une commune ajoute seulement "
    "des établissements aux entités qu'elle modifie (ecoparc entity add NOM --parent ENTITÉ)": (
        "only an administrator of the metropolis creates an entity; a municipality only adds "
        "establishments to the entities it changes (ecoparc entity add NAME --parent ENTITY)"
    ),
    "{} de toutes les entités est réservé aux administrateurs de la métropole et aux "
    "auditeurs : choisissez l'une de vos entités": (
        "{} over all the entities is for the metropolis's administrators and the auditors: "
        "choose one of your entities"
    ),
    "un rapport": "a report",
    "un export": "an export",
    "un appareil de même fabricant et numéro de série est déjà inventorié par une entité que "
    "vous ne voyez pas : l'administrateur de la métropole peut le transférer": (
        "a device of the same manufacturer and serial number is already in the inventory of an "
        "entity you do not see: the metropolis's administrator can transfer it"
    ),
    "une autre entité a déjà un scénario de ce nom : choisissez-en un autre": (
        "another entity already has a scenario of this name: choose another one"
    ),
    "cet identifiant n'a encore aucun droit sur cette base : demandez-en un à "
    "l'administrateur de la métropole (ecoparc access grant)": (
        "this login has no right on this database yet: ask the metropolis's administrator "
        "for one (ecoparc access grant)"
    ),
    "vous n'avez pas le droit de prendre un autre rôle": "you may not take another role",
    "l'identifiant « {} » est réservé à PostgreSQL ou à ecoparc": (
        "the login “{}” is reserved for PostgreSQL or ecoparc"
    ),
    "seul un administrateur de la métropole peut créer un identifiant": (
        "only an administrator of the metropolis may create a login"
    ),
    "mot de passe refusé : seul un mot de passe chiffré (SCRAM-SHA-256) est accepté": (
        "password refused: only an encrypted password (SCRAM-SHA-256) is accepted"
    ),
    "l'identifiant « {} » existe déjà": "the login “{}” already exists",
    "niveau inconnu : « {} » (attendu : read, edit ou admin)": (
        "unknown level: “{}” (expected: read, edit or admin)"
    ),
    "sur toutes les entités, le niveau est read (auditeur) ou admin (la métropole)": (
        "over all the entities, the level is read (auditor) or admin (the metropolis)"
    ),
    "entité inconnue (n° {})": "unknown entity (no. {})",
    "vous n'avez pas le droit de donner des droits sur {}": "you may not grant rights on {}",
    "vous n'avez pas le droit de retirer des droits sur {}": "you may not revoke rights on {}",
    "identifiant inconnu : « {} » (créez-le avec « ecoparc access create-login »)": (
        "unknown login: “{}” (create it with “ecoparc access create-login”)"
    ),
    "l'entité n° {}": "the entity no. {}",
    # what a refusal names (fleet.access.TABLE_LABELS)
    "les entités": "the entities",
    "les sites": "the sites",
    "les appareils": "the devices",
    "les besoins": "the needs",
    "les imports": "the imports",
    "l'historique des appareils": "the devices' history",
    "les sorties d'appareils": "the devices' exits",
    "les scénarios": "the scenarios",
    "les correspondances de modèles": "the model aliases",
    "les profils d'import": "the import profiles",
    "les jeux de facteurs": "the factor sets",
    "les partenaires": "the partners",
    "les réglages": "the settings",
    "les droits d'accès": "the access rights",
    "la clé de pseudonymisation": "the pseudonymisation key",
    "ces données": "these data",
    "--entity ou --all, pas les deux": "--entity or --all, not both",
    "aucun droit de {} à retirer": "{} has no right to revoke",
    "toutes les entités": "all entities",
    "aucun": "none",
    "aucune": "none",
    # — entities (fleet.entities, fleet.inventory)
    "entité inconnue : « {} » (entités connues : {})": "unknown entity: “{}” (known entities: {})",
    "entité inconnue : « {} »": "unknown entity: “{}”",
    "le nom de l'entité est vide": "the entity's name is empty",
    "l'entité « {} » existe déjà": "the entity “{}” already exists",
    "type d'entité inconnu : « {} » (attendu : {})": "unknown entity type: “{}” (expected: {})",
    "code INSEE invalide : « {} » (commune : 5 caractères, ex. 38185 ; EPCI : SIREN à 9 "
    "chiffres)": (
        "invalid INSEE code: “{}” (municipality: 5 characters, e.g. 38185; EPCI: 9-digit SIREN)"
    ),
    "SIRET invalide : « {} » (14 chiffres attendus)": "invalid SIRET: “{}” (14 digits expected)",
    "nom d'entité trop long : {} caractères, {} au plus": (
        "entity name too long: {} characters, {} at most"
    ),
    "le nom de l'entité contient un saut de ligne, une tabulation ou un caractère de "
    "contrôle": "the entity's name holds a line break, a tab or a control character",
    "--entity : {}": "--entity: {}",
    # — factor sets (fleet.factor_store, services.factor_sets)
    "un jeu de facteurs doit avoir un nom": "a factor set must have a name",
    "le nom « {} » est réservé à un jeu intégré": "the name “{}” is reserved for a built-in set",
    "le jeu « {} » est vide": "the set “{}” is empty",
    "un jeu nommé « {} » existe déjà (choisir un autre nom ou remplacer)": (
        "a set named “{}” already exists (choose another name or replace it)"
    ),
    "un alias relie un modèle non vide à une référence non vide": (
        "an alias links a non-empty model to a non-empty reference"
    ),
    "référence inconnue : « {} » (dans aucun jeu intégré ni enregistré)": (
        "unknown reference: “{}” (in no built-in or saved set)"
    ),
    "aucun alias du modèle « {} » {}": "no alias of the model “{}” {}",
    "introuvable : {}": "not found: {}",
    "jeu de facteurs inconnu : « {} » (ni enregistré dans la base, ni dossier ou classeur "
    "existant)": "unknown factor set: “{}” (neither saved in the database, nor an existing "
    "folder or workbook)",
    "catégorie inconnue : « {} » (catégories : {})": "unknown category: “{}” (categories: {})",
    "fichier illisible : {}": "unreadable file: {}",
    "jeu de facteurs rejeté : {}": "factor set refused: {}",
    "{} : aucune ligne utilisable": "{}: no usable row",
    "référence inconnue dans « {} » : « {} »": "unknown reference in “{}”: “{}”",
    "Jeu « {} » exporté dans {}": "Set “{}” exported to {}",
    "Alias {} : « {} » → {} ({})": "Alias {}: “{}” → {} ({})",
    "Alias retiré : « {} » ({})": "Alias removed: “{}” ({})",
    "remplacé": "replaced",
    "enregistré": "saved",
    "  … et {} autres": "  … and {} more",
    # — import (fleet.importing)
    "champ inconnu « {} » pour la colonne « {} »": "unknown field “{}” for the column “{}”",
    "mode d'acquisition inconnu « {} » (attendus : neuf, reconditionné, location, don)": (
        "unknown acquisition “{}” (expected: new, refurbished, leased, donation)"
    ),
    "oui ou non attendu, lu « {} »": "yes or no expected, read “{}”",
    "quantité invalide « {} » (nombre entier ≥ 1 attendu)": (
        "invalid quantity “{}” (whole number ≥ 1 expected)"
    ),
    "quantité trop grande « {} » ({} au plus par lot ; option --max-quantity)": (
        "quantity too large “{}” ({} at most per batch; option --max-quantity)"
    ),
    "statut inconnu « {} » (attendus : en service, en stock, HS, rebut, à réemployer, donné…)": (
        "unknown status “{}” (expected: in service, in stock, broken, scrapped, for reuse, "
        "donated…)"
    ),
    "le nom du profil est vide": "the profile's name is empty",
    "champs inconnus dans le profil : {}": "unknown fields in the profile: {}",
    "profil de correspondance inconnu : « {} » (profils : {})": (
        "unknown column mapping profile: “{}” (profiles: {})"
    ),
    "entité inconnue : « {} » (entités connues : {} ; --create-entities pour la créer)": (
        "unknown entity: “{}” (known entities: {}; --create-entities to create it)"
    ),
    "date illisible « {} » (attendu jj/mm/aaaa)": (
        "unreadable date “{}” (expected yyyy-mm-dd or dd/mm/yyyy)"
    ),
    "année invalide dans la date « {} »": "invalid year in the date “{}”",
    "nombre attendu, lu « {} »": "number expected, read “{}”",
    "capacité ambiguë « {} » : plusieurs séparateurs dans un nombre": (
        "ambiguous capacity “{}”: several separators in a number"
    ),
    "capacité attendue (ex. 8 Go), lu « {} »": "capacity expected (e.g. 8 GB), read “{}”",
    "date impossible « {} »": "impossible date “{}”",
    "nombre ambigu « {} » : séparateurs de milliers mal placés (écrire 1234,5 ou 1 234,5)": (
        "ambiguous number “{}”: misplaced thousands separators (write 1234.5 or 1,234.5)"
    ),
    "nombre trop grand, lu « {} »": "number too large, read “{}”",
    "capacité invraisemblable « {} » (plus d'un million de Go)": (
        "implausible capacity “{}” (more than a million GB)"
    ),
    # The reasons of a refused row or of a conflict built from parts (fleet.importing),
    # which the test of the code cannot see: the import of every sample checks them.
    "cellule en erreur dans le tableur : formule à corriger": (
        "cell in error in the spreadsheet: the formula needs correcting"
    ),
    "catégorie manquante : type vide et modèle non reconnu": (
        "missing category: empty type and model not recognised"
    ),
    "catégorie inconnue « {} »": "unknown category “{}”",
    "catégorie inconnue « {} »{}": "unknown category “{}”{}",
    " (vouliez-vous dire « {} » ?)": " (did you mean “{}”?)",
    "date de retrait antérieure à la date d'achat": "retirement date before the purchase date",
    "désigne le même appareil que la ligne {}": "designates the same device as row {}",
    "entité manquante : précisez --entity ou remplissez la colonne de l'entité": (
        "missing entity: give --entity or fill in the entity column"
    ),
    "entité inconnue « {} » (créez-la avec « ecoparc entity add », ou importez avec "
    "--create-entities ou --entity)": (
        "unknown entity “{}” (create it with “ecoparc entity add”, or import with "
        "--create-entities or --entity)"
    ),
    "ni numéro de série, ni numéro d'inventaire, ni nom : appareil impossible à identifier": (
        "no serial number, no asset tag, no name: the device cannot be identified"
    ),
    "prix négatif": "negative price",
    "valeur négative": "negative value",
    "valeur trop longue": "value too long",
    "valeur trop longue ({} caractères, {} au plus)": "value too long ({} characters, {} at most)",
    "{} dans le futur": "{} in the future",
    "date d'achat": "purchase date",
    "date de mise en service": "commissioning date",
    "numéro de série « {} » déjà présent ligne {} du fichier": (
        "serial number “{}” already present in row {} of the file"
    ),
    "numéro d'inventaire « {} » déjà présent ligne {} pour la même entité": (
        "asset tag “{}” already present in row {} for the same entity"
    ),
    "nom « {} » déjà présent ligne {} pour la même entité, sans numéro de série ni "
    "d'inventaire pour distinguer les appareils": (
        "name “{}” already present in row {} for the same entity, with no serial number or "
        "asset tag to tell the devices apart"
    ),
    "retiré du parc dans ecoparc le {}": "retired from the fleet in ecoparc on {}",
    "sorti du parc le {} : {}": "left the fleet on {}: {}",
    "sortie en cours depuis le {} : {}": "departure under way since {}: {}",
    "appartient à {} depuis le transfert du {}": "belongs to {} since the transfer of {}",
    "appartient à {} (appareil n° {})": "belongs to {} (device #{})",
    "numéro d'inventaire déjà porté dans l'entité par cet appareil, d'un autre numéro de "
    "série": "asset tag already carried in the entity by this device, with another serial number",
    "absent du fichier (importé le {} depuis « {} »)": (
        "missing from the file (imported on {} from “{}”)"
    ),
    "« {} » : ": "“{}”: ",
    # — files read (fleet.importing.readers, factors.loader, factors.boavizta)
    "fichier introuvable": "file not found",
    "c'est un dossier, pas un fichier": "this is a folder, not a file",
    "lecture impossible ({})": "cannot be read ({})",
    "ce n'est pas un fichier ordinaire ({}) : seuls les fichiers xlsx, ods, xls et csv sont "
    "lus": "this is not a regular file ({}): only xlsx, ods, xls and csv files are read",
    "fichier vide": "empty file",
    "fichier vide (aucune cellule)": "empty file (no cell)",
    "{}vide": "{}empty",
    "feuille « {} » : ": "sheet “{}”: ",
    "fichier trop volumineux ({}, {} au plus ; option --max-size pour relever la limite)": (
        "file too large ({}, {} at most; option --max-size to raise the limit)"
    ),
    "classeur suspect : « {} » se décompresse {} fois (au plus {}) — archive piégée refusée": (
        "suspicious workbook: “{}” decompresses {} times (at most {}) — booby-trapped archive "
        "refused"
    ),
    "classeur suspect : ses {} parties se décompressent {} fois (au plus {}) — archive "
    "piégée refusée": (
        "suspicious workbook: its {} parts decompress {} times (at most {}) — booby-trapped "
        "archive refused"
    ),
    "trop de lignes : {}, {} au plus (autant qu'une feuille Excel) — découpez le fichier": (
        "too many rows: {}, {} at most (as many as an Excel sheet) — split the file"
    ),
    "classeur trop volumineux une fois décompressé ({}, {} au plus)": (
        "workbook too large once decompressed ({}, {} at most)"
    ),
    "trop de colonnes : cellules remplies jusqu'à la colonne {} ({} colonnes, {} au plus)": (
        "too many columns: cells filled up to column {} ({} columns, {} at most)"
    ),
    "trop de colonnes : {}{}, {} au plus — ce fichier n'est pas un inventaire d'une ligne par "
    "appareil": (
        "too many columns: {}{}, {} at most — this file is not an inventory of one row per device"
    ),
    " (ligne {})": " (row {})",
    "feuille trop étendue : cellules remplies de la ligne {} à la ligne {} sur {} colonnes "
    "(plus de {} millions de cellules)": (
        "sheet too large: cells filled from row {} to row {} over {} columns (more than {} "
        "million cells)"
    ),
    "feuille trop étendue, plus de 100 millions de cellules": (
        "sheet too large, more than 100 million cells"
    ),
    "une ligne remplie répétée {} fois ({} au plus) : classeur piégé refusé": (
        "a filled row repeated {} times ({} at most): booby-trapped workbook refused"
    ),
    "classeur tronqué ou endommagé (archive zip illisible)": (
        "truncated or damaged workbook (unreadable zip archive)"
    ),
    "archive zip qui n'est pas un classeur xlsx ni ods": (
        "zip archive that is neither an xlsx nor an ods workbook"
    ),
    "classeur chiffré (protégé par mot de passe) : enregistrez-le sans mot de passe puis "
    "réessayez": (
        "encrypted workbook (password-protected): save it without a password and try again"
    ),
    "ce n'est pas un classeur {} valide (contenu inattendu)": (
        "this is not a valid {} workbook (unexpected content)"
    ),
    "classeur protégé par mot de passe": "password-protected workbook",
    "classeur illisible ou endommagé ({})": "unreadable or damaged workbook ({})",
    "classeur illisible ou endommagé (lecture interrompue)": (
        "unreadable or damaged workbook (reading interrupted)"
    ),
    "classeur {} illisible en {} s (fichier piégé ou endommagé)": (
        "{} workbook not read in {} s (booby-trapped or damaged file)"
    ),
    "lecture du classeur {} impossible ({})": "the {} workbook cannot be read ({})",
    "classeur {} piégé ou endommagé : sa lecture demande plus de {} Mo de mémoire": (
        "booby-trapped or damaged {} workbook: reading it takes more than {} MB of memory"
    ),
    "classeur trop étendu : ses {} feuilles couvrent ensemble {} millions de cellules "
    "({} millions au plus, toutes feuilles comprises)": (
        "workbook too large: its {} sheets cover {} million cells together "
        "({} million at most, all sheets included)"
    ),
    "feuille « {} » introuvable (feuilles : {})": "sheet “{}” not found (sheets: {})",
    "le classeur ne contient aucune feuille": "the workbook holds no sheet",
    "feuille « {} » illisible ({})": "sheet “{}” unreadable ({})",
    "classeur illisible ({})": "unreadable workbook ({})",
    "contenu binaire : ce n'est ni un classeur (xlsx, ods) ni un fichier CSV": (
        "binary content: this is neither a workbook (xlsx, ods) nor a CSV file"
    ),
    "encodage non pris en charge à la ligne {} (ni UTF-8 ni Windows-1252)": (
        "encoding not supported at row {} (neither UTF-8 nor Windows-1252)"
    ),
    "encodage non pris en charge ({} mais octets invalides)": (
        "encoding not supported ({} but invalid bytes)"
    ),
    "caractère nul ligne {} : fichier endommagé ou binaire, pas un CSV": (
        "null character in row {}: damaged or binary file, not a CSV"
    ),
    "ligne {} : plus de {} séparateurs « {} », bien au-delà de {} colonnes": (
        "row {}: more than {} separators “{}”, far beyond {} columns"
    ),
    "guillemet ouvert ligne {} et refermé seulement {} : les lignes entre les deux seraient "
    "lues comme une seule cellule": (
        "quote opened in row {} and closed only {}: the rows in between would be read as one cell"
    ),
    "guillemet ouvert ligne {} et jamais refermé : la suite du fichier forme une cellule de "
    "plus de {} Mo": (
        "quote opened in row {} and never closed: the rest of the file makes a cell of more "
        "than {} MB"
    ),
    "guillemet ouvert ligne {} et jamais refermé : le fichier se termine à l'intérieur d'une "
    "cellule entre guillemets": (
        "quote opened in row {} and never closed: the file ends inside a quoted cell"
    ),
    "CSV mal formé ligne {} ({})": "malformed CSV in row {} ({})",
    "{}aucune ligne d'en-tête trouvée dans les {} premières lignes": (
        "{}no header row found in the first {} rows"
    ),
    "aucune ligne d'en-tête trouvée dans les {} premières lignes": (
        "no header row found in the first {} rows"
    ),
    "{}en-tête de la colonne {} trop long ({} caractères, {} au plus)": (
        "{}header of column {} too long ({} characters, {} at most)"
    ),
    "en-tête de la colonne {} trop long ({} caractères, {} au plus)": (
        "header of column {} too long ({} characters, {} at most)"
    ),
    "{}aucune ligne de données sous l'en-tête": "{}no data row under the header",
    "aucune ligne de données sous l'en-tête": "no data row under the header",
    "un fichier CSV n'a pas de feuille (« {} » demandée)": "a CSV file has no sheet (“{}” asked)",
    "illisible : {}": "unreadable: {}",
    "encodage non reconnu": "encoding not recognised",
    "encodage non reconnu : {}": "encoding not recognised: {}",
    "un objet JSON est attendu": "a JSON object is expected",
    "classeur illisible : {}": "unreadable workbook: {}",
    "feuille(s) manquante(s) : {}": "missing sheet(s): {}",
    "un dossier de trois CSV ou un classeur .xlsx est attendu": (
        "a folder of three CSV files or an .xlsx workbook is expected"
    ),
    "introuvable": "not found",
    "electricity_default_year invalide : {}": "electricity_default_year invalid: {}",
    "JSON mal formé, ligne {}": "malformed JSON, line {}",
    "encodage non reconnu (UTF-8 attendu)": "encoding not recognised (UTF-8 expected)",
    "classeur illisible ou endommagé": "unreadable or damaged workbook",
    "ce n'est pas un fichier ordinaire": "this is not a regular file",
    "fichier trop gros pour des paramètres (plus de {} Ko)": (
        "file too large for settings (more than {} KB)"
    ),
    "encodage non reconnu : un fichier texte UTF-8 est attendu": (
        "encoding not recognised: a UTF-8 text file is expected"
    ),
    "TOML invalide{}": "invalid TOML{}",
    "TOML invalide": "invalid TOML",
    ", ligne {}, colonne {}": ", line {}, column {}",
    " : fin du fichier inattendue": ": unexpected end of file",
    "TOML invalide : tableaux imbriqués trop profondément": "invalid TOML: tables nested too deep",
    "fichier de règles refusé : {} : {}": "rules file refused: {}: {}",
    "fichier(s) manquant(s) dans le dossier : {}": "missing file(s) in the folder: {}",
    "colonne manquante : {}": "missing column: {}",
    "année par défaut {} absente": "default year {} missing",
    "{}, ligne {}": "{}, line {}",
    "{} ligne(s) non utilisée(s) :": "{} row(s) not used:",
    "Jeu « {} » importé : {} références, {} impacts ({}).": (
        "Set “{}” imported: {} references, {} impacts ({})."
    ),
    # — devices (fleet.lifecycle, fleet.upgrades)
    "l'orientation vers une voie": "the routing",
    "l'effacement des données": "the data erasure",
    "la remise au destinataire": "the hand-over to the recipient",
    "appareil introuvable : « {} » (n°, numéro de série ou d'inventaire)": (
        "device not found: “{}” (number, serial number or asset tag)"
    ),
    "l'appareil n° {} est sorti du parc : son statut ne change plus": (
        "device #{} has left the fleet: its status no longer changes"
    ),
    "statut « {} » refusé : l'appareil n° {} est en cours de sortie ; étape suivante : {}": (
        "status “{}” refused: device #{} is on its way out; next step: {}"
    ),
    "statut « {} » refusé pour l'appareil n° {} : étape manquante : {}": (
        "status “{}” refused for device #{}: missing step: {}"
    ),
    "statut inconnu : « {} » (attendu : {})": "unknown status: “{}” (expected: {})",
    "l'appareil appartient déjà à « {} »": "the device already belongs to “{}”",
    "champ non modifiable : « {} » (champs : {})": "field not editable: “{}” (fields: {})",
    "« {} » : {} caractères au plus ({} saisis)": "“{}”: {} characters at most ({} typed)",
    "catégorie inconnue : « {} »": "unknown category: “{}”",
    "mode d'acquisition inconnu : « {} »": "unknown acquisition: “{}”",
    "date de retrait ({}) antérieure à la date d'achat ({})": (
        "retirement date ({}) before the purchase date ({})"
    ),
    "plusieurs appareils ont le {} « {} » (n° {}) : désignez l'appareil par son n°": (
        "several devices have the {} “{}” (#{}): name the device by its number"
    ),
    "le champ « {} » ne peut pas être vide": "the field “{}” cannot be empty",
    "valeur invalide pour « {} » : « {} » ({})": "invalid value for “{}”: “{}” ({})",
    "{} dans le futur : {}": "{} in the future: {}",
    "{} antérieure à {}": "{} before {}",
    "{} « {} » déjà porté par l'appareil n° {}{}": "{} “{}” already held by device #{}{}",
    "nombre positif attendu": "positive number expected",
    "nombre entier d'au moins 1 attendu": "whole number of at least 1 expected",
    "composant inconnu : « {} » (attendu : {})": "unknown component: “{}” (expected: {})",
    "date de mise à niveau dans le futur : {}": "upgrade date in the future: {}",
    "date de mise à niveau ({}) antérieure à l'acquisition ({})": (
        "upgrade date ({}) before the acquisition ({})"
    ),
    "date de mise à niveau ({}) postérieure au retrait ({})": (
        "upgrade date ({}) after the retirement ({})"
    ),
    "la {} n'a pas de capacité à enregistrer": "the {} has no capacity to record",
    "capacité invalide : {} (nombre de Go positif)": "invalid capacity: {} (positive number of GB)",
    "{} — aucune modification enregistrée": "{} — no change saved",
    " — aucune modification enregistrée": " — no change saved",
    "{} : format d'export inconnu (extensions acceptées : {})": (
        "{}: unknown export format (accepted extensions: {})"
    ),
    "date invalide : « {} » ({})": "invalid date: “{}” ({})",
    # — reuse (fleet.reuse, services.reuse)
    "catégorie inconnue : {}": "unknown category: {}",
    "le nom du partenaire est vide": "the partner's name is empty",
    "type de partenaire inconnu : « {} » (attendu : {})": (
        "unknown partner type: “{}” (expected: {})"
    ),
    "le partenaire « {} » existe déjà": "the partner “{}” already exists",
    "le seuil d'enlèvement doit être positif": "the pickup threshold must be positive",
    "partenaire inconnu : « {} » (partenaires : {})": "unknown partner: “{}” (partners: {})",
    "la quantité demandée doit être au moins 1": "the quantity asked for must be at least 1",
    "impossible de prendre {} unités d'un lot de {}": "cannot take {} units from a batch of {}",
    "voie inconnue : « {} » (attendu : {})": "unknown route: “{}” (expected: {})",
    "voie inconnue : « {} »": "unknown route: “{}”",
    "l'appareil n° {} est « {} » : il est déjà orienté ou sorti": (
        "device #{} is “{}”: it is already routed or gone"
    ),
    "un redéploiement interne n'a pas de partenaire": "an internal redeployment has no partner",
    "l'appareil n° {} ne compte que {} unité(s)": "device #{} counts only {} unit(s)",
    "l'appareil n° {} n'est orienté vers aucune voie : étape manquante : {}": (
        "device #{} is routed nowhere: missing step: {}"
    ),
    "l'appareil n° {} est en panne : il ne rejoint pas le stock": (
        "device #{} is broken: it does not go back to stock"
    ),
    "méthode d'effacement inconnue : « {} » (attendu : {})": (
        "unknown erasure method: “{}” (expected: {})"
    ),
    "l'appareil n° {} a un support de données : choisissez une méthode d'effacement et donnez "
    "la référence de son certificat": (
        "device #{} has a data storage: choose an erasure method and give its certificate's "
        "reference"
    ),
    "la référence du certificat d'effacement est vide (appareil n° {})": (
        "the erasure certificate's reference is empty (device #{})"
    ),
    "remise refusée : aucun effacement des données enregistré pour l'appareil {} ; étape "
    "manquante : {}": "hand-over refused: no data erasure recorded for device {}; missing step: {}",
    "l'appareil n° {} n'a pas encore été remis : étape manquante : {}": (
        "device #{} has not been handed over yet: missing step: {}"
    ),
    "aucun appareil en attente de remise à « {} »": "no device waiting to be handed over to “{}”",
    "bordereau refusé : aucun effacement des données enregistré pour {} ; étape manquante : {}": (
        "slip refused: no data erasure recorded for {}; missing step: {}"
    ),
    "{} minimale négative": "negative minimum {}",
    "besoin inconnu : n° {}": "unknown need: #{}",
    "un besoin ne se sert que par redéploiement interne": (
        "a need is only served by internal redeployment"
    ),
    "un redéploiement interne demande l'entité qui reçoit (ou un besoin)": (
        "an internal redeployment needs the receiving entity (or a need)"
    ),
    "seul un redéploiement interne a une entité destinataire": (
        "only an internal redeployment has a receiving entity"
    ),
    "l'appareil n° {} a déjà été remis": "device #{} has already been handed over",
    "la sortie de l'appareil n° {} n'a pas de destinataire : orientez-la vers un partenaire "
    "enregistré": "device #{}'s departure has no recipient: route it to a registered partner",
    "la référence de la preuve de réemploi est vide": "the reuse proof's reference is empty",
    "changer la voie proposée par les règles demande une raison (elle est enregistrée avec "
    "l'orientation)": (
        "changing the route the rules propose needs a reason (it is recorded with the routing)"
    ),
    "un redéploiement interne sert un besoin ouvert d'une autre entité : aucun pour "
    "l'appareil n° {}": (
        "an internal redeployment serves an open need of another entity: none for device #{}"
    ),
    # — scenarios (fleet.scenarios, footprint.scenarios, services.scenarios)
    "un scénario doit avoir un nom": "a scenario must have a name",
    "nom de scénario trop long ({} caractères au plus)": (
        "scenario name too long ({} characters at most)"
    ),
    "le scénario « {} » existe déjà": "the scenario “{}” already exists",
    "scénario inconnu : « {} »": "unknown scenario: “{}”",
    "scénario inconnu : « {} » (ni enregistré, ni prédéfini : {})": (
        "unknown scenario: “{}” (neither saved nor preset: {})"
    ),
    "« {} » est le nom d'un scénario prédéfini ; choisissez un autre nom": (
        "“{}” is the name of a preset scenario; choose another name"
    ),
    "{} : colonne(s) manquante(s) : {} (colonnes lues : {})": (
        "{}: missing column(s): {} (columns read: {})"
    ),
    "aucun achat enregistré sous le nom « {} »": "no purchase saved under the name “{}”",
    "scénario enregistré « {} » illisible : {}": "saved scenario “{}” unreadable: {}",
    "{} : catégorie inconnue « {} »": "{}: unknown category “{}”",
    "{} : {} « {} » n'est pas un nombre": "{}: {} “{}” is not a number",
    "{} : {} entière attendue, pas « {} »": "{}: whole {} expected, not “{}”",
    "method : {} inconnue (attendu : {})": "method: unknown {} (expected: {})",
    "refurbished_share : une part entre 0 et 1 est attendue": (
        "refurbished_share: a share between 0 and 1 is expected"
    ),
    "extend_years : un nombre d'années positif ou nul est attendu": (
        "extend_years: a number of years, zero or more, is expected"
    ),
    "growth : une croissance annuelle entre -1 (exclu) et 1 est attendue": (
        "growth: a yearly growth between -1 (excluded) and 1 is expected"
    ),
    "min_sample : au moins 1": "min_sample: at least 1",
    "{} : un texte est attendu": "{}: a text is expected",
    "{} : un nombre est attendu, pas {}": "{}: a number is expected, not {}",
    "{} : un nombre fini est attendu": "{}: a finite number is expected",
    "{} : une table (catégorie = valeur) est attendue": (
        "{}: a table (category = value) is expected"
    ),
    "horizon : deux années sont attendues, [première, dernière]": (
        "horizon: two years are expected, [first, last]"
    ),
    "clé inconnue : {} (clés admises : {})": "unknown key: {} (keys allowed: {})",
    "{} : lecture impossible ({})": "{}: cannot be read ({})",
    "{} : TOML invalide ({})": "{}: invalid TOML ({})",
    "horizon : {}–{} invalide (première année ≤ dernière, {} ans au plus)": (
        "horizon: {}–{} invalid (first year ≤ last, {} years at most)"
    ),
    "electricity.{} : un facteur positif ou nul est attendu": (
        "electricity.{}: a factor, zero or more, is expected"
    ),
    "prices : clé inconnue {} (new, refurbished)": "prices: unknown key {} (new, refurbished)",
    "{} : catégorie inconnue {}": "{}: unknown category {}",
    "{}.{} : {} hors de [{}, {}]": "{}.{}: {} outside [{}, {}]",
    "electricity : {} n'est pas une année": "electricity: {} is not a year",
    "{} : une quantité d'au moins 1 est attendue": "{}: a quantity of at least 1 is expected",
    "{} : durée de vie entre {} et {} ans (entière) attendue": (
        "{}: a lifespan between {} and {} years (whole) is expected"
    ),
    "un achat compte au moins une ligne": "a purchase has at least one line",
    "une ligne par catégorie : {} en double": "one line per category: {} twice",
    "« {} » n'est pas un achat enregistré": "“{}” is not a saved purchase",
    "{} : {} positif ou nul attendu": "{}: {} of zero or more expected",
    "« {} » : achat incomplet ({})": "“{}”: incomplete purchase ({})",
    "achat incomplet : {} manquant(s) (ou --file, ou --from)": (
        "incomplete purchase: {} missing (or --file, or --from)"
    ),
    "--file et --from sont exclusifs": "--file and --from exclude each other",
    "--preset et --params sont exclusifs": "--preset and --params exclude each other",
    "--horizon : la première année doit précéder la dernière": (
        "--horizon: the first year must come before the last"
    ),
    "« {} » : CATÉGORIE=VALEUR attendu, catégorie parmi {}": (
        "“{}”: CATEGORY=VALUE expected, category among {}"
    ),
    "« {} » : nombre invalide": "“{}”: invalid number",
    "fichier introuvable : {}": "file not found: {}",
    " (--replace pour le remplacer)": " (--replace to replace it)",
    "table de prix par défaut d'ecoparc (ordres de grandeur 2024, € HT, hypothèses "
    "documentées dans footprint/scenarios/prices.py)": (
        "ecoparc's default price table (2024 orders of magnitude, € excl. VAT, assumptions "
        "documented in footprint/scenarios/prices.py)"
    ),
    # — footprint engine and reuse rules (footprint)
    "regroupement impossible : colonne {} absente": "cannot group: column {} missing",
    "regroupement inconnu : {} (attendu : {})": "unknown grouping: {} (expected: {})",
    "regroupement inconnu : {} (attendu : entity, category ou aucun)": (
        "unknown grouping: {} (expected: entity, category or none)"
    ),
    "regroupement inconnu : {}": "unknown grouping: {}",
    "méthode inconnue : {} (attendu : {})": "unknown method: {} (expected: {})",
    "critère inconnu : {}": "unknown criterion: {}",
    "le BEGES se calcule avec la méthode « amortized » (immobilisations amorties)": (
        "the BEGES is computed with the “amortized” method (depreciated fixed assets)"
    ),
    "monte_carlo doit utiliser le jeu de facteurs du calcul": (
        "monte_carlo must use the computation's factor set"
    ),
    "« {} » doit être un nombre ≥ {} (lu : {})": "“{}” must be a number ≥ {} (read: {})",
    "« {} » doit être une liste de textes (lu : {})": "“{}” must be a list of texts (read: {})",
    "catégorie inconnue dans « {} » : {}": "unknown category in “{}”: {}",
    "« {} » doit valoir {} (lu : {})": "“{}” must be {} (read: {})",
    "voie inconnue dans « {} » : {}": "unknown route in “{}”: {}",
    "« weee.default_eco_organism » ({}) n'a pas de seuil dans « weee.pickup_threshold_kg »": (
        "“weee.default_eco_organism” ({}) has no threshold in “weee.pickup_threshold_kg”"
    ),
    "« value.default_accounting_years » doit être positif": (
        "“value.default_accounting_years” must be positive"
    ),
    "clé inconnue dans le fichier de règles : « {} »": "unknown key in the rules file: “{}”",
    "année invalide dans « rate.targets » : « {} »": "invalid year in “rate.targets”: “{}”",
    "catégorie inconnue dans « rate.weee_category » : {}": (
        "unknown category in “rate.weee_category”: {}"
    ),
    "« rate.weee_category.{} » doit être un entier de 1 à 7": (
        "“rate.weee_category.{}” must be a whole number from 1 to 7"
    ),
    "fichier de règles mal formé : {}": "malformed rules file: {}",
    "fichier de règles introuvable : {}": "rules file not found: {}",
    "fichier de règles illisible : {} ({})": "unreadable rules file: {} ({})",
    "fichier de règles invalide (TOML) : {} : {}": "invalid rules file (TOML): {}: {}",
    # — database (fleet.db, fleet.schema, cli.db)
    "adresse de base de données non reconnue : {} (attendu : sqlite:///fichier.db ou "
    "postgresql://utilisateur@serveur/base)": (
        "database address not recognised: {} (expected: sqlite:///file.db or "
        "postgresql://user@server/database)"
    ),
    "base occupée par une autre écriture depuis {} s : rien n'a été écrit, réessayez plus "
    "tard": "database held by another write for {} s: nothing was written, try again later",
    "base occupée, nouvel essai…": "database busy, trying again…",
    "connexion chiffrée impossible avec le serveur PostgreSQL ({}) : vérifiez sslmode et les "
    "certificats (sslrootcert) de l'adresse": (
        "no encrypted connection possible with the PostgreSQL server ({}): check sslmode and "
        "the address's certificates (sslrootcert)"
    ),
    "connexion refusée par le serveur PostgreSQL ({}) : vérifiez l'utilisateur et le mot de "
    "passe": "connection refused by the PostgreSQL server ({}): check the user and the password",
    "impossible d'ouvrir ou d'écrire {} : vérifiez le dossier et ses droits": (
        "cannot open or write {}: check the folder and its permissions"
    ),
    "la base PostgreSQL n'existe pas ({}) : créez-la (createdb) ou corrigez --db": (
        "the PostgreSQL database does not exist ({}): create it (createdb) or correct --db"
    ),
    "la base {} est verrouillée par un autre programme : réessayez quand l'autre écriture est "
    "finie (import, mise à jour)": (
        "the database {} is locked by another program: try again when the other write is "
        "over (import, upgrade)"
    ),
    "erreur imprévue ({}) : la commande est abandonnée, rien n'est modifié à moitié ; pour "
    "l'équipe technique : {}": (
        "unforeseen error ({}): the command is abandoned, nothing is left half-changed; for "
        "the technical team: {}"
    ),
    "le rapport {}": "the report {}",
    "aucun rapport (dossier non inscriptible)": "no report (no writable folder)",
    "pilote de base de données absent (module « {} ») pour {} : installez-le (PostgreSQL : "
    "pip install 'psycopg[binary]') ou utilisez SQLite": (
        "database driver missing (module “{}”) for {}: install it (PostgreSQL: pip install "
        "'psycopg[binary]') or use SQLite"
    ),
    "serveur PostgreSQL injoignable ({}) : vérifiez qu'il tourne, l'adresse, le port et le "
    "réseau": (
        "PostgreSQL server unreachable ({}): check that it runs, the address, the port and "
        "the network"
    ),
    "{} n'est pas une base ecoparc lisible (fichier endommagé ou d'un autre type) : vérifiez "
    "--db, ou restaurez la dernière sauvegarde (.bak à côté du fichier)": (
        "{} is not a readable ecoparc database (damaged file or of another type): check --db, "
        "or restore the last backup (.bak next to the file)"
    ),
    "la base de données n'est pas initialisée : lancez « ecoparc init »": (
        "the database is not initialised: run “ecoparc init”"
    ),
    "le schéma de la base ({}) n'est pas à jour ({}) : lancez « ecoparc db upgrade »": (
        "the database schema ({}) is not up to date ({}): run “ecoparc db upgrade”"
    ),
    "la mise à jour casserait des références entre tables : annulée, la base est inchangée": (
        "the upgrade would break references between tables: cancelled, the database is unchanged"
    ),
    "Base prête ({}) : {}": "Database ready ({}): {}",
    "ecoparc : erreur : {}": "ecoparc: error: {}",
    "la base {} n'existe pas : lancez « ecoparc init »": (
        "the database {} does not exist: run “ecoparc init”"
    ),
    "restaurez la dernière sauvegarde": "restore the last backup",
    "impossible d'ouvrir {} ({})": "cannot open {} ({})",
    "{} est endommagée ({})": "{} is damaged ({})",
    "{} a {} référence(s) cassée(s) entre tables (table {})": (
        "{} has {} broken reference(s) between tables (table {})"
    ),
    "{} n'est pas une base SQLite lisible ({})": "{} is not a readable SQLite database ({})",
    "restaurez la dernière sauvegarde ({})": "restore the last backup ({})",
    "mise à jour du schéma interrompue (tables {}) : lancez « ecoparc db upgrade », qui les "
    "retire et reprend la mise à jour": (
        "schema upgrade interrupted (tables {}): run “ecoparc db upgrade”, which removes "
        "them and resumes the upgrade"
    ),
    "tables sans version de schéma : {}": "tables without a schema version: {}",
    "base vide : lancez « ecoparc init »": "empty database: run “ecoparc init”",
    "schéma {} inconnu de cette version d'ecoparc (base mise à jour par une version plus "
    "récente) : installez la version d'ecoparc la plus récente": (
        "schema {} unknown to this version of ecoparc (database upgraded by a newer "
        "version): install the newest version of ecoparc"
    ),
    "schéma {} au lieu de {} : lancez « ecoparc db upgrade »": (
        "schema {} instead of {}: run “ecoparc db upgrade”"
    ),
    "la base diffère du schéma {} ({} écart(s), par exemple {}) : {}": (
        "the database differs from schema {} ({} difference(s), for example {}): {}"
    ),
    "Schéma : {} → {}": "Schema: {} → {}",
    "Schéma {} à jour et conforme.": "Schema {} up to date and sound.",
    "Sauvegarde de la base avant mise à jour : {}": "Backup of the database before the upgrade: {}",
    "Sauvegarde : {}": "Backup: {}",
    "{} — attendu {} — {}": "{} — expected {} — {}",
    "(vide)": "(empty)",
    "à jour": "up to date",
    "à mettre à jour (ecoparc db upgrade)": "to upgrade (ecoparc db upgrade)",
    # — command line (cli)
    "durée invalide : « {} »": "invalid period: “{}”",
    "le format xlsx demande un fichier de sortie (-o FICHIER.xlsx)": (
        "the xlsx format needs an output file (-o FILE.xlsx)"
    ),
    "-o {} : précisez le format du fichier (--format, ou l'extension .csv, .json ou .xlsx)": (
        "-o {}: give the file's format (--format, or the extension .csv, .json or .xlsx)"
    ),
    "l'interface a besoin d'un terminal : dans un script, utilisez les commandes "
    "(ecoparc --help) ; pour un navigateur, ecoparc serve": (
        "the interface needs a terminal: in a script, use the commands "
        "(ecoparc --help); for a browser, ecoparc serve"
    ),
    "-o {}": "-o {}",
    "--rejects {}": "--rejects {}",
    "(ou attendez plus longtemps avec --lock-timeout)": "(or wait longer with --lock-timeout)",
    "ecoparc : {}": "ecoparc: {}",
    "{} : {}": "{}: {}",
    "Rapport annuel {} écrit : {}": "Annual report {} written: {}",
    "Total : {} t CO2e": "Total: {} t CO2e",
    "-o {} : le rapport annuel s'écrit en HTML (-o FICHIER.html)": (
        "-o {}: the annual report is written as HTML (-o FILE.html)"
    ),
    "-o {} : la déclaration AGEC s'écrit en CSV (-o FICHIER.csv)": (
        "-o {}: the AGEC declaration is written as CSV (-o FILE.csv)"
    ),
    "--host {} ouvre ecoparc au réseau : un jeton est obligatoire (--token JETON ou la "
    "variable {})": (
        "--host {} opens ecoparc to the network: a token is required (--token TOKEN or the "
        "variable {})"
    ),
    "jeton trop court : {} caractères au moins": "token too short: {} characters at least",
    "Appareil n° {} : mise à niveau {}": "Device #{}: upgrade {}",
    # — import summary (cli.importing)
    "{} : {} lignes — simulation, rien n'a été écrit": "{}: {} rows — dry run, nothing was written",
    "{} : {} lignes": "{}: {} rows",
    "{} : {} ligne — simulation, rien n'a été écrit": "{}: {} row — dry run, nothing was written",
    "{} : {} ligne": "{}: {} row",
    "  créés : {}, mis à jour : {}, inchangés : {}, rejetés : {}": (
        "  created: {}, updated: {}, unchanged: {}, rejected: {}"
    ),
    "Écriture : {} / {} lignes ({})": "Writing: {} / {} rows ({})",
    " (feuille « {} »)": " (sheet “{}”)",
    "{} : fichier identique à celui du lot d'import n° {} du {}, base inchangée depuis : rien "
    "à importer ({} lignes, {} inchangés, {} rejetés)": (
        "{}: same file as import batch #{} of {}, database unchanged since: nothing to "
        "import ({} rows, {} unchanged, {} rejected)"
    ),
    "  lot d'import n° {}": "  import batch #{}",
    "  prix TTC convertis en HT (TVA {}) : {}": (
        "  prices including VAT converted to excluding VAT (VAT {}): {}"
    ),
    "  entités créées : {}": "  entities created: {}",
    "  sites créés : {}": "  sites created: {}",
    "  colonnes ignorées : {}": "  columns ignored: {}",
    "  aperçu :": "  preview:",
    "  transferts acceptés : {}": "  transfers accepted: {}",
    "  valeurs du fichier non appliquées (modifiées dans ecoparc) : {} (--prefer-file pour "
    "les appliquer)": "  file values not applied (changed in ecoparc): {} (--prefer-file to "
    "apply them)",
    "  conflit ligne {} : appareil n° {} {}": "  conflict row {}: device #{} {}",
    "  … et {} autres conflits": "  … and {} more conflicts",
    "  retiré : appareil n° {} ({}) {}": "  retired: device #{} ({}) {}",
    "  absent : appareil n° {} ({}) {}": "  missing: device #{} ({}) {}",
    "  … et {} autres appareils absents": "  … and {} more missing devices",
    "  rejet ligne {} : {}": "  rejected row {}: {}",
    "  … et {} autres problèmes (--rejects FICHIER.xlsx pour les avoir tous)": (
        "  … and {} more problems (--rejects FILE.xlsx to get them all)"
    ),
    "  rien n'a été importé": "  nothing was imported",
    "colonne « {} », ": "column “{}”, ",
    "Lignes rejetées et conflits écrits dans {}": "Rejected rows and conflicts written to {}",
    "Profil de correspondance enregistré : « {} »": "Column mapping profile saved: “{}”",
    "ecoparc : rien n'a été importé (--strict : {} ligne(s) rejetée(s))": (
        "ecoparc: nothing was imported (--strict: {} row(s) rejected)"
    ),
    "ecoparc : rien n'a été importé (toutes les lignes sont rejetées)": (
        "ecoparc: nothing was imported (every row is rejected)"
    ),
    "    + ligne {} : {}": "    + row {}: {}",
    "    ! ligne {} : conflit, {}": "    ! row {}: conflict, {}",
    "    = ligne {} : modifié dans ecoparc, {}": "    = row {}: changed in ecoparc, {}",
    "    ~ ligne {} : {}": "    ~ row {}: {}",
    "{} : {} gardé (fichier : {})": "{}: {} kept (file: {})",
    # — help: the command line (cli.main)
    "ecoparc — empreinte environnementale et gestion du parc informatique.": (
        "ecoparc — environmental footprint and IT fleet management."
    ),
    "Base de données (sqlite:///fichier.db ou postgresql+psycopg://…); défaut : $ECOPARC_DB, "
    "sinon un fichier SQLite dans le dossier de données.": (
        "Database (sqlite:///file.db or postgresql+psycopg://…); default: $ECOPARC_DB, "
        "else a SQLite file in the data folder."
    ),
    "Langue (défaut : selon la locale).": "Language (default: from the locale).",
    "Afficher la version et quitter.": "Show the version and exit.",
    "Ouvrir l'interface en mode texte.": "Open the text interface.",
    "Demander l'identifiant de la base au démarrage (sessions d'« ecoparc serve »).": (
        "Ask for the database login at start-up (“ecoparc serve” sessions)."
    ),
    "Servir l'interface dans un navigateur web (textual-serve).": (
        "Serve the interface in a web browser (textual-serve)."
    ),
    "Interface d'écoute ; une autre que 127.0.0.1 exige un jeton.": (
        "Listening interface; any other than 127.0.0.1 requires a token."
    ),
    "Port.": "Port.",
    "Jeton d'accès ({} caractères au moins) ; préférer la variable {}.": (
        "Access token ({} characters at least); prefer the variable {}."
    ),
    "Adresse publique derrière le proxy inverse HTTPS (ex. https://ecoparc.exemple.fr).": (
        "Public address behind the HTTPS reverse proxy (e.g. https://ecoparc.example.org)."
    ),
    # — help: shared options (cli.common)
    "Entité (répétable).": "Entity (repeatable).",
    "Jeu de facteurs : nom enregistré ou dossier/xlsx (défaut : {}).": (
        "Factor set: saved name or folder/xlsx (default: {})."
    ),
    "Méthode comptable (voir docs/method.md).": "Accounting method (see docs/method.md).",
    "Facteur d'électricité imposé, en kg CO2e/kWh (défaut : celui du jeu).": (
        "Electricity factor imposed, in kg CO2e/kWh (default: the set's)."
    ),
    "Période comptable de la méthode amortized : 4 (toutes catégories) ou laptop=4 "
    "(répétable ; défaut 5 ans).": (
        "Accounting period of the amortized method: 4 (every category) or laptop=4 "
        "(repeatable; default 5 years)."
    ),
    "Secondes d'attente si une autre écriture occupe la base.": (
        "Seconds to wait if another write holds the database."
    ),
    "Format de sortie.": "Output format.",
    "Fichier.": "File.",
    "Année calculée.": "Year computed.",
    "Année du rapport.": "Year of the report.",
    "année en cours": "this year",
    "année précédente": "last year",
    "Classeur à écrire (.xlsx).": "Workbook to write (.xlsx).",
    "Fichier CSV à écrire (défaut : sortie standard).": (
        "CSV file to write (default: standard output)."
    ),
    "Fichier HTML à écrire (.html).": "HTML file to write (.html).",
    "Fichier xlsx du bordereau.": "The slip's xlsx file.",
    # — help: access
    "Droits d'accès à une base PostgreSQL partagée : identifiants, droits par entité.": (
        "Access rights to a shared PostgreSQL database: logins, rights per entity."
    ),
    "Créer l'identifiant IDENTIFIANT ; le mot de passe est demandé (jamais affiché).": (
        "Create the login LOGIN; the password is asked for (never shown)."
    ),
    "Donner à IDENTIFIANT un niveau de droit sur une entité (ou sur toutes).": (
        "Give LOGIN a level of right over an entity (or over all)."
    ),
    "Retirer un droit d'IDENTIFIANT (sur --entity, sur toutes les entités, ou --all).": (
        "Revoke a right of LOGIN (the one over --entity, the one over all entities, or --all)."
    ),
    "Lister les droits (les vôtres ; tous pour les administrateurs et auditeurs).": (
        "List the rights (yours; all of them for administrators and auditors)."
    ),
    "Entité (avec ses établissements) ; sans --entity : toutes les entités (read : auditeur, "
    "admin : administrateur de la métropole).": (
        "Entity (with its establishments); without --entity: all entities (read: auditor, "
        "admin: administrator of the metropolis)."
    ),
    "read : lecture ; edit : lecture et modification ; admin : et droits des autres.": (
        "read: reading; edit: reading and changing; admin: and the others' rights."
    ),
    "Entité du droit à retirer (défaut : toutes).": "Entity of the right to revoke (default: all).",
    "Retirer tous les droits d'IDENTIFIANT.": "Revoke all the rights of LOGIN.",
    # — help: database
    "Créer ou mettre à jour la base ; --demo charge les données d'exemple.": (
        "Create or upgrade the database; --demo loads the sample data."
    ),
    "Schéma de la base : mise à jour, version, vérification.": (
        "Database schema: upgrade, version, check."
    ),
    "Mettre le schéma à jour (sauvegarde préalable du fichier SQLite).": (
        "Upgrade the schema (backing up the SQLite file first)."
    ),
    "Afficher la version du schéma et la version attendue.": (
        "Show the schema's version and the expected one."
    ),
    "Vérifier la base : fichier intact, schéma attendu et conforme, mise à jour finie.": (
        "Check the database: file intact, schema expected and sound, upgrade finished."
    ),
    "Charger les données d'exemple (samples/).": "Load the sample data (samples/).",
    "Dossier des données d'exemple (défaut : samples/ du projet).": (
        "Folder of the sample data (default: the project's samples/)."
    ),
    # — help: devices
    "Appareils de l'inventaire.": "Devices of the inventory.",
    "Changer le statut d'appareils (n°, numéro de série ou d'inventaire).": (
        "Change the status of devices (number, serial number or asset tag)."
    ),
    "Transférer des appareils à une autre entité.": "Transfer devices to another entity.",
    "Modifier un champ d'un appareil (valeur vide pour l'effacer).": (
        "Change a field of a device (empty value to clear it)."
    ),
    "Enregistrer une mise à niveau (mémoire, disque, batterie) plutôt qu'un remplacement.": (
        "Record an upgrade (memory, disk, battery) rather than a replacement."
    ),
    "Commentaire enregistré dans l'historique.": "Comment recorded in the history.",
    "Entité qui reçoit les appareils.": "Entity receiving the devices.",
    "Pièce changée : ram (mémoire), storage (disque), battery (batterie).": (
        "Part changed: ram (memory), storage (disk), battery."
    ),
    "Nouvelle capacité en Go (mémoire ou stockage), enregistrée sur l'appareil.": (
        "New capacity in GB (memory or storage), recorded on the device."
    ),
    "Date de la mise à niveau (JJ/MM/AAAA ou AAAA-MM-JJ ; défaut : aujourd'hui).": (
        "Date of the upgrade (DD/MM/YYYY or YYYY-MM-DD; default: today)."
    ),
    "Lister les appareils de l'inventaire.": "List the devices of the inventory.",
    "Afficher un appareil (n°, numéro de série ou d'inventaire) et son historique.": (
        "Show a device (number, serial number or asset tag) and its history."
    ),
    "Entité (avec ses établissements rattachés).": "Entity (with its attached establishments).",
    "Catégorie.": "Category.",
    "Statut.": "Status.",
    # — help: entities
    "Entités : la métropole, les communes et leurs établissements.": (
        "Entities: the metropolis, the municipalities and their establishments."
    ),
    "Ajouter une entité.": "Add an entity.",
    "Lister les entités.": "List the entities.",
    "Code INSEE.": "INSEE code.",
    "SIRET (14 chiffres), pour la déclaration AGEC.": (
        "SIRET (14 digits), for the AGEC declaration."
    ),
    "Nombre d'agents.": "Number of staff.",
    "Entité parente.": "Parent entity.",
    # — help: export
    "Exporter l'inventaire vers d'autres outils.": "Export the inventory to other tools.",
    "Fichiers equipementPhysique.csv, entite.csv et datacenter.csv de NumEcoEval\n(modèles "
    "tels que reconnus par le jeu de facteurs, durées d'usage de ses calculs).": (
        "NumEcoEval's equipementPhysique.csv, entite.csv and datacenter.csv files\n(models as "
        "the factor set recognises them, lifespans of its computations)."
    ),
    "Écrire le pseudonyme de l'utilisateur (colonne utilisateur ; vide par défaut, RGPD).": (
        "Write the user's pseudonym (user column; empty by default, GDPR)."
    ),
    # — help: factors
    "Jeux de facteurs d'émission : lister, consulter, importer, exporter, apparier.": (
        "Emission factor sets: list, look up, import, export, match."
    ),
    "Lister les jeux de facteurs (le jeu intégré d'abord).": (
        "List the factor sets (the built-in set first)."
    ),
    "Afficher une référence : attributs, impacts par critère et phase, sources.": (
        "Show a reference: attributes, impacts per criterion and phase, sources."
    ),
    "Importer un jeu de facteurs (format ecoparc ou CSV Boavizta) dans la base.": (
        "Import a factor set (ecoparc format or Boavizta CSV) into the database."
    ),
    "Écrire un jeu dans DOSSIER (trois CSV), ou dans un classeur si le nom finit par .xlsx.": (
        "Write a set into DIRECTORY (three CSV), or into a workbook if the name ends in .xlsx."
    ),
    "Trouver la référence d'un équipement décrit par sa catégorie, son fabricant et son "
    "modèle.": "Find the reference of a device described by its category, manufacturer and model.",
    "Comparer deux jeux de facteurs sur le parc : par catégorie, par modèle, au total.": (
        "Compare two factor sets over the fleet: per category, per model, in total."
    ),
    "Alias de modèles : un modèle tel qu'écrit dans l'inventaire → une référence.": (
        "Model aliases: a model as written in the inventory → a reference."
    ),
    "Reconnaître le modèle MODÈLE comme la référence RÉFÉRENCE (prime sur tout "
    "rapprochement).": "Recognise the model MODEL as the reference REFERENCE (overrides any "
    "matching).",
    "Oublier l'alias du modèle MODÈLE.": "Forget the alias of the model MODEL.",
    "Lister les alias de modèles.": "List the model aliases.",
    "Jeu de facteurs (défaut : le jeu intégré).": "Factor set (default: the built-in set).",
    "Nom du jeu (défaut : nom du dossier ou du fichier).": (
        "Name of the set (default: name of the folder or file)."
    ),
    "Format du fichier (défaut : dossier ou .xlsx → ecoparc, .csv → boavizta).": (
        "Format of the file (default: folder or .xlsx → ecoparc, .csv → boavizta)."
    ),
    "Remplacer un jeu existant du même nom.": "Replace an existing set of the same name.",
    "Format du compte rendu.": "Format of the summary.",
    "Catégorie (laptop, desktop, monitor…).": "Category (laptop, desktop, monitor…).",
    "Fabricant, tel qu'écrit dans l'inventaire.": "Manufacturer, as written in the inventory.",
    "Modèle, tel qu'écrit dans l'inventaire.": "Model, as written in the inventory.",
    "Entité de l'appareil (ses alias de modèles).": "The device's entity (its model aliases).",
    "Année du parc comparé.": "Year of the fleet compared.",
    "Entité dont les appareils sont concernés (défaut : toutes).": (
        "Entity whose devices are concerned (default: all)."
    ),
    "Commentaire (pourquoi ce modèle est cette référence).": (
        "Comment (why this model is this reference)."
    ),
    # — help: footprint
    "Empreinte environnementale du parc pour une année.": (
        "Environmental footprint of the fleet for a year."
    ),
    "Détail du calcul de l'empreinte d'un équipement (n°, série ou inventaire).": (
        "Detail of a device's footprint computation (number, serial or asset tag)."
    ),
    "Zone du facteur d'électricité.": "Zone of the electricity factor.",
    "Regroupement.": "Grouping.",
    "Intervalle à 90 % par Monte Carlo.": "90% interval by Monte Carlo.",
    "Tirages Monte Carlo.": "Monte Carlo draws.",
    "Format de sortie (csv : une ligne par équipement).": (
        "Output format (csv: one row per device)."
    ),
    # — help: import
    "Importer des inventaires (xlsx, ods, csv : GLPI, NumEcoEval, tableurs).": (
        "Import inventories (xlsx, ods, csv: GLPI, NumEcoEval, spreadsheets)."
    ),
    "Entité propriétaire (prime sur une colonne Entité du fichier).": (
        "Owning entity (overrides an Entity column of the file)."
    ),
    "Feuille du classeur (défaut : détectée).": "Sheet of the workbook (default: detected).",
    "Profil de correspondance des colonnes enregistré.": "Saved column mapping profile.",
    "Enregistrer la correspondance.": "Save the mapping.",
    "Montrer ce qui serait fait sans rien écrire.": "Show what would be done without writing.",
    "Ne rien importer si une ligne est rejetée (code de sortie 3).": (
        "Import nothing if a row is rejected (exit code 3)."
    ),
    "Créer les entités inconnues du fichier.": "Create the file's unknown entities.",
    "Garder les noms d'utilisateurs en clair (RGPD : défaut non).": (
        "Keep users' names in clear (GDPR: default no)."
    ),
    "Écrire les lignes rejetées et leur motif (.xlsx ou .csv).": (
        "Write the rejected rows and their reason (.xlsx or .csv)."
    ),
    "Le fichier remplace aussi les champs modifiés dans ecoparc (pas le cycle de vie).": (
        "The file also replaces the fields changed in ecoparc (not the lifecycle)."
    ),
    "Un appareil d'une autre entité présent dans le fichier lui est transféré.": (
        "A device of another entity present in the file is transferred to it."
    ),
    "Appareils absents d'un export complet : les signaler ou les retirer du parc.": (
        "Devices missing from a complete export: report them or retire them from the fleet."
    ),
    "Taille maximale d'un fichier lu, en Mo.": "Maximum size of a file read, in MB.",
    "Quantité maximale d'un lot (au-delà, la ligne est rejetée).": (
        "Maximum quantity of a batch (beyond, the row is rejected)."
    ),
    # — help: purchase
    "Comparer un achat prévu : neuf, reconditionné, ou garder les appareils un an de plus.": (
        "Compare a planned purchase: new, refurbished, or keeping the devices one more year."
    ),
    "Catégorie achetée.": "Category bought.",
    "Nombre d'unités.": "Number of units.",
    "Prix unitaire neuf, € HT.": "Unit price new, € excl. VAT.",
    "Prix unitaire reconditionné, € HT.": "Unit price refurbished, € excl. VAT.",
    "Durée de vie des appareils achetés, en années.": "Lifespan of the devices bought, in years.",
    "Achat lu dans un fichier CSV ou xlsx (une ligne par catégorie).": (
        "Purchase read from a CSV or xlsx file (one row per category)."
    ),
    "Feuille du classeur (--file).": "Sheet of the workbook (--file).",
    "Achat enregistré sous NOM.": "Purchase saved as NAME.",
    "Année de l'achat (défaut : l'année en cours).": "Year of the purchase (default: this year).",
    "Libellé de l'achat.": "Label of the purchase.",
    "Enregistrer l'achat comme scénario NOM.": "Save the purchase as the scenario NAME.",
    # — help: reports
    "Rapports réglementaires : REEN, AGEC, BEGES ; rapport annuel pour les élus.": (
        "Regulatory reports: REEN, AGEC, BEGES; annual report for elected officials."
    ),
    "Classeur des indicateurs de la stratégie numérique responsable (loi REEN).": (
        "Workbook of the responsible digital strategy's indicators (REEN law)."
    ),
    "Rapport annuel pour les élus (HTML autonome, imprimable en A4, en français).": (
        "Annual report for elected officials (standalone HTML, printable on A4, in French)."
    ),
    "Déclaration AGEC (art. 58) pour data.gouv.fr : achats issus du réemploi.": (
        "AGEC declaration (art. 58) for data.gouv.fr: purchases from reuse."
    ),
    "Lignes numériques du BEGES (postes 2.1, 4.1, 4.2, 4.3, 4.4) avec les notes de méthode.": (
        "Digital lines of the BEGES (items 2.1, 4.1, 4.2, 4.3, 4.4) with the method notes."
    ),
    "Langue du rapport.": "Language of the report.",
    "Prix unitaire € HT sous lequel un achat est passé en charges (4.1).": (
        "Unit price in € excl. VAT under which a purchase is expensed (4.1)."
    ),
    # — help: reuse
    "Réemploi : sortie des appareils, orientation, effacement, remise, taux du décret "
    "2023-266.": "Reuse: device departures, routing, erasure, hand-over, décret 2023-266 rate.",
    "Lister les candidats à la sortie, avec leurs motifs, leur voie et sa raison.": (
        "List the candidates for departure, with their reasons, their route and its reason."
    ),
    "Signaler à la main des appareils comme candidats au réemploi.": (
        "Flag devices by hand as candidates for reuse."
    ),
    "Orienter des appareils vers une voie (statut « reuse_pending »).": (
        "Route devices to a route (status “for reuse”)."
    ),
    "Enregistrer l'effacement des données : méthode ANSSI/NIST et certificat pour un\nappareil "
    "avec support de données, « sans support de données » sinon.": (
        "Record the data erasure: ANSSI/NIST method and certificate for a\ndevice with data "
        "storage, “no data storage” otherwise."
    ),
    "Enregistrer la remise des appareils (refusée sans effacement enregistré).": (
        "Record the devices' hand-over (refused without a recorded erasure)."
    ),
    "Enregistrer la preuve de réemploi reçue après la remise.": (
        "Record the reuse proof received after the hand-over."
    ),
    "Éditer le bordereau de remise à un partenaire (ou une entité) : appareils,\nnuméros de "
    "série, preuves d'effacement, signatures.": (
        "Issue the hand-over slip to a partner (or an entity): devices,\nserial numbers, "
        "erasure proofs, signatures."
    ),
    "Besoins d'équipements des entités (redéploiement entre communes).": (
        "The entities' equipment needs (redeployment between municipalities)."
    ),
    "Enregistrer un besoin d'une entité.": "Record a need of an entity.",
    "Lister les besoins (ouverts par défaut).": "List the needs (open ones by default).",
    "Partenaires du réemploi et du recyclage.": "Reuse and recycling partners.",
    "Ajouter un partenaire.": "Add a partner.",
    "Lister les partenaires.": "List the partners.",
    "Rapprocher les besoins ouverts des appareils des autres entités (qui reçoit quoi).": (
        "Match the open needs with the other entities' devices (who receives what)."
    ),
    "Lots d'enlèvement DEEE par site, jusqu'au seuil de collecte gratuite.": (
        "WEEE pickup batches per site, up to the free collection threshold."
    ),
    "Taux de réemploi du décret 2023-266 (A / B × 100), sorties par voie, DEEE, CO2e évité.": (
        "Reuse rate of the décret 2023-266 (A / B × 100), departures per route, WEEE, CO2e avoided."
    ),
    "Fichier de règles TOML (fusionné sur les règles par défaut).": (
        "TOML rules file (merged over the default rules)."
    ),
    "Date d'évaluation de l'âge (défaut : aujourd'hui).": (
        "Date the age is assessed at (default: today)."
    ),
    "Compter les candidats par motif (docs/regulation.md §7) au lieu de les lister.": (
        "Count the candidates per reason (docs/regulation.md §7) instead of listing them."
    ),
    "Retirer le signalement.": "Remove the flag.",
    "Voie.": "Route.",
    "Partenaire qui reçoit (association, éco-organisme…).": (
        "Receiving partner (association, producer compliance scheme…)."
    ),
    "Entité qui reçoit (redéploiement interne).": "Receiving entity (internal redeployment).",
    "Besoin servi (redéploiement interne).": "Need served (internal redeployment).",
    "Unités d'un lot qui sortent.": "Units of a batch that leave.",
    "Valeur (€ HT).": "Value (€ excl. VAT).",
    "Référence du certificat d'effacement (sauf « no_storage » : sans support de données).": (
        "Reference of the erasure certificate (except “no_storage”: no data storage)."
    ),
    "Référence de la preuve de réemploi (attestation…).": (
        "Reference of the reuse proof (certificate…)."
    ),
    "Date de la remise (défaut : aujourd'hui).": "Date of the hand-over (default: today).",
    "Seulement ces appareils (répétable).": "Only these devices (repeatable).",
    "Mémoire minimale (Go).": "Minimum memory (GB).",
    "Stockage minimal (Go).": "Minimum storage (GB).",
    "Précision (usage, service…).": "Detail (use, department…).",
    "Aussi les besoins satisfaits ou annulés.": "Also the needs met or cancelled.",
    "Catégories acceptées, séparées par « | » (défaut : toutes).": (
        "Categories accepted, separated by “|” (default: all)."
    ),
    "Territoire couvert.": "Area covered.",
    "Contact.": "Contact.",
    "Installe Linux sur les PC.": "Installs Linux on PCs.",
    "Seuil d'enlèvement gratuit (kg), pour un éco-organisme.": (
        "Free pickup threshold (kg), for a producer compliance scheme."
    ),
    "Orienter les appareils vers les besoins.": "Route the devices to the needs.",
    "Année N.": "Year N.",
    # — help: scenarios
    "Scénarios d'achat : garder plus longtemps, acheter reconditionné, projeter le parc.": (
        "Purchase scenarios: keep longer, buy refurbished, project the fleet."
    ),
    "Projeter le parc sous un scénario, année par année.": (
        "Project the fleet under a scenario, year by year."
    ),
    "Enregistrer un scénario sous NOM (ses paramètres, pas ses résultats).": (
        "Save a scenario as NAME (its parameters, not its results)."
    ),
    "Lister les scénarios prédéfinis et enregistrés.": "List the preset and saved scenarios.",
    "Supprimer le scénario enregistré NOM.": "Delete the saved scenario NAME.",
    "Comparer des scénarios (enregistrés ou prédéfinis) côte à côte, la référence en "
    "premier.": "Compare scenarios (saved or preset) side by side, the baseline first.",
    "Description du scénario.": "Description of the scenario.",
    "Remplacer un scénario enregistré du même nom.": "Replace a saved scenario of the same name.",
    "Années de la projection (défaut : celles du premier scénario, sinon 10 ans).": (
        "Years of the projection (default: the first scenario's, else 10 years)."
    ),
    "Méthode imposée à tous les scénarios.": "Method imposed on every scenario.",
    "Point de départ : scénario prédéfini ({}) ou enregistré (défaut : baseline).": (
        "Starting point: preset ({}) or saved scenario (default: baseline)."
    ),
    "Paramètres lus dans un fichier TOML (voir docs/scenarios.md).": (
        "Parameters read from a TOML file (see docs/scenarios.md)."
    ),
    "Années de la projection (défaut : 10 ans à partir de l'année en cours).": (
        "Years of the projection (default: 10 years from this year)."
    ),
    "Années ajoutées à l'âge de renouvellement de toutes les catégories.": (
        "Years added to the renewal age of every category."
    ),
    "Part des achats faits en reconditionné (toutes catégories), de 0 à 1.": (
        "Share of purchases made refurbished (every category), from 0 to 1."
    ),
    "Âge de renouvellement d'une catégorie (répétable).": "Renewal age of a category (repeatable).",
    "Durée d'usage d'un achat reconditionné (répétable).": (
        "Useful life of a refurbished purchase (repeatable)."
    ),
    "Prix neuf € HT (répétable).": "Price new, € excl. VAT (repeatable).",
    "Prix reconditionné € HT (répétable).": "Price refurbished, € excl. VAT (repeatable).",
    "Croissance annuelle du parc (0.02 = +2 %).": "Yearly growth of the fleet (0.02 = +2%).",
    "Facteur d'électricité imposé pour toutes les années, kg CO2e/kWh.": (
        "Electricity factor imposed for every year, kg CO2e/kWh."
    ),
    "Méthode comptable.": "Accounting method.",
    "Libellé affiché.": "Label shown.",
}

#: The placeholders of the options in the help (``--save-profile NOM``).
ENGLISH_METAVARS: Final[dict[str, str]] = {
    "NOM": "NAME",
    "FICHIER": "FILE",
    "DOSSIER": "FOLDER",
    "ANS": "YEARS",
    "[CAT=]ANS": "[CAT=]YEARS",
    "CAT=ANS": "CAT=YEARS",
    "PREMIÈRE": "FIRST",
    "DERNIÈRE": "LAST",
    "MO": "MB",
    "JETON": "TOKEN",
    "ENTIER": "INTEGER",
    "TEXTE": "TEXT",
    "NOMBRE": "FLOAT",
}

"""The message catalogue of the TUI, and its current language.

Every label the user reads comes from :func:`t`, so switching the language is
one call (:func:`set_language`) followed by a redraw. French is the default
(the users are French public-sector staff); English is there for everyone else.

Screens added later keep their own messages next to their code and register
them with :func:`register_messages`, so this file does not grow a section per
screen written by someone else.

Numbers, dates and vocabulary labels are formatted by :mod:`factors.locale`, as
in the reports and the command line; the ``fmt_*`` functions here only pass it
the current language.
"""

from __future__ import annotations

from typing import Any

from factors import locale
from factors.locale import LANGUAGES
from factors.messages import in_language
from factors.text import fold_key, is_missing
from factors.vocabulary import (
    ACQUISITION_LABELS,
    ENTITY_KIND_LABELS,
    PHASE_LABELS,
    ROUTE_LABELS,
    STATUS_LABELS,
)
from footprint.labels import COLUMN_LABELS, EVENT_LABELS

_language = "fr"

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        # application frame
        "app.scope_all": "toutes les entités",
        "app.header": "{db} · {scope}",
        "app.quit": "Quitter",
        "app.help": "Aide",
        "app.language": "English",
        "app.error": "Erreur : {message}",
        # help
        "help.title": "Aide — touches",
        "help.screens": "Écrans",
        "help.keys": "Touches de l'écran courant",
        "help.close": "Échap ou ? pour fermer",
        "help.global": (
            "Partout : ctrl+q quitte, ? ou F1 affiche cette aide, l change de langue ; "
            "Échap sort d'un champ de saisie pour retrouver les touches."
        ),
        # common
        "common.ok": "Valider",
        "common.leave_field": "Quitter le champ",
        "common.cancel": "Annuler",
        "common.close": "Fermer",
        "common.yes": "oui",
        "common.no": "non",
        "common.none": "—",
        "common.loading": "Calcul en cours…",
        "common.entity": "Entité",
        "common.year": "Année",
        "common.method": "Méthode",
        "common.dismiss_menu": "Fermer la liste",
        # dashboard
        "dash.kpi.devices": "Appareils",
        "dash.kpi.footprint": "Empreinte annuelle",
        "dash.kpi.footprint_value": "{value} t CO2e",
        "dash.kpi.footprint_note": "{year} · {method} · {factor_set}",
        "dash.kpi.per_agent": "Par agent",
        "dash.kpi.per_agent_value": "{value} t CO2e/agent",
        "dash.kpi.per_agent_none": "effectif inconnu",
        "dash.kpi.agents": "soit {kg} kg · {count} agents",
        "dash.kpi.age": "Âge moyen",
        "dash.kpi.age_value": "{value} ans",
        "dash.kpi.refurbished": "Réemploi dans les achats {year}",
        "dash.kpi.refurbished_note": "cible AGEC {target} · {spent}/{total} k€ HT",
        "dash.kpi.reuse": "En attente de réemploi",
        "dash.kpi.reuse_note": "à orienter vers la filière",
        "dash.chart.category": "Empreinte par catégorie (t CO2e)",
        "dash.chart.entity": "Empreinte par entité (t CO2e)",
        "dash.chart.years": "Empreinte par année (t CO2e)",
        "dash.computing": "Calcul de l'empreinte…",
        "dash.failed": "Le calcul a échoué : {message}",
        "dash.other": "autres",
        # methods
        "method.annualized": "annualisée",
        "method.amortized": "amortie",
        "method.flux": "flux",
        # match levels
        "match.model": "modèle",
        "match.manufacturer+category": "fabricant + catégorie",
        "match.category": "catégorie",
        # inventory
        "inv.search": "Rechercher (modèle, n° de série, n° d'inventaire, utilisateur)",
        "inv.search_short": "Rechercher",
        # a facet without a filter names what it filters: "Toutes" thrice says nothing
        "inv.any.entity": "Entités",
        "inv.any.category": "Catégories",
        "inv.any.status": "Statuts",
        "inv.any.acquisition": "Acquisitions",
        "inv.count": "{shown} lignes affichées sur {total} · {units} appareils",
        "inv.col.mark": "✓",
        "inv.col.device_id": "N°",
        "inv.col.entity": "Entité",
        "inv.col.category": "Catégorie",
        "inv.col.manufacturer": "Fabricant",
        "inv.col.model": "Modèle",
        "inv.col.serial": "N° de série",
        "inv.col.asset_tag": "N° d'inventaire",
        "inv.col.status": "Statut",
        "inv.col.purchase_date": "Achat",
        "inv.col.quantity": "Qté",
        "inv.detail.specs": "Caractéristiques",
        "inv.detail.history": "Historique",
        "inv.detail.trace": "Empreinte {year}",
        "inv.detail.no_events": "Aucun événement.",
        "inv.action.status": "Statut",
        "inv.action.transfer": "Transférer",
        "inv.action.edit": "Modifier",
        "inv.action.mark": "Cocher",
        "inv.action.mark_all": "Tout cocher",
        "inv.action.site": "Site",
        "inv.action.flag": "Réemploi",
        "inv.action.retire": "Retrait",
        "inv.action.export": "Exporter",
        "inv.action.save": "Enregistrer",
        "inv.action.search": "Rechercher",
        "inv.action.sort": "Trier",
        "inv.action.open": "Fiche",
        "inv.action.close": "Fermer la fiche",
        "inv.no_device": "Aucun appareil sélectionné.",
        "inv.done.status": "{count} appareil(s) : statut « {status} »",
        "inv.done.transfer": "{count} appareil(s) transféré(s) à {entity}",
        "inv.done.site": "{count} appareil(s) sur le site : {site}",
        "inv.done.flag_on": "{count} appareil(s) signalé(s) pour le réemploi",
        "inv.done.flag_off": "{count} appareil(s) retiré(s) des candidats au réemploi",
        "inv.done.retire": "{count} appareil(s) : date de retrait {date}",
        "inv.done.edit": "Appareil {device} modifié : {fields}",
        "inv.count.marked": " · {marked} coché(s)",
        "inv.target.one": "l'appareil {device}",
        "inv.target.many": "{count} appareils cochés",
        "inv.detail.device": "Appareil n° {device}",
        "inv.form.save": "Enregistrer (ctrl+s)",
        "inv.form.reset": "Annuler les saisies",
        "inv.form.nothing": "Aucun champ modifié.",
        "inv.form.refused": (
            "{count} champ(s) refusé(s) : rien n'est enregistré, vos saisies sont gardées."
        ),
        "inv.export.stem": "inventaire",
        "inv.export.sheet": "Appareils",
        "inv.export.done": "{rows} ligne(s) exportée(s) : {path}",
        "inv.sorted": "Tri : {column}",
        "inv.sort_by": "Trier par",
        # dialogs
        "dlg.status.title": "Changer le statut : {target}",
        "dlg.status.note": "Note (facultative)",
        "dlg.transfer.title": "Transférer {target}",
        "dlg.transfer.entity": "Entité de destination",
        "dlg.site.title": "Site de {target}",
        "dlg.site.name": "Site de leur entité (un nom nouveau crée le site ; vide : aucun site)",
        "dlg.retire.title": "Date de retrait de {target}",
        "dlg.retire.date": "Date de retrait, prévue ou effective (vide pour l'effacer)",
        "dlg.retire.placeholder": "jj/mm/aaaa",
        "dlg.flag.title": "Réemploi : {target}",
        "dlg.flag.on": "Signaler comme candidat au réemploi",
        "dlg.flag.off": "Retirer le signalement",
        "dlg.export.title": "Exporter les {rows} ligne(s) affichée(s)",
        "dlg.export.path": "Fichier (.xlsx ou .csv)",
        # import wizard
        "imp.entity_from_file": "selon le fichier",
        "imp.col.score": "Score",
        "imp.col.value": "Valeur",
        "imp.unmapped": "Colonnes ignorées : {columns}",
        "imp.new_entities": "Entités à créer : {names}",
        "imp.new_sites": "Sites à créer : {names}",
        "imp.check_first": "Vérifiez d'abord le fichier (essai à blanc).",
        "imp.entity_needed": (
            "Le fichier n'a pas de colonne Entité : choisissez l'entité propriétaire."
        ),
        "imp.stage.read": "lecture",
        "imp.stage.write": "écriture",
        "imp.action.create": "création",
        "imp.action.update": "mise à jour",
        "imp.action.held": "gardé",
        "imp.action.conflict": "conflit",
        "imp.changed_value": "{field} : {before} → {after}",
        "imp.held_value": "{field} : {kept} gardé (fichier : {file})",
        "imp.conflicts": (
            "{count} ligne(s) en conflit, non appliquée(s) : appareil sorti, retiré ou "
            "transféré dans ecoparc (voir l'aperçu)"
        ),
        "imp.held": "{count} valeur(s) du fichier non appliquée(s) : modifiée(s) dans ecoparc",
        "imp.conflict": "appareil n° {device} {reason}",
        "imp.prev.action": "Action",
        "imp.prev.row": "Ligne",
        "imp.prev.name": "Nom / changements",
        "imp.prev.asset_tag": "N° d'inventaire",
        "imp.prev.serial": "N° de série",
        "imp.prev.category": "Catégorie",
        "imp.prev.manufacturer": "Fabricant",
        "imp.prev.model": "Modèle",
        "imp.prev.quantity": "Qté",
        "field.refurbished": "Reconditionné (oui/non)",
        "field.price_ttc": "Prix (€ TTC, converti en HT)",
        "field.user": "Utilisateur (pseudonymisé)",
        "imp.file": "Fichier à importer (chemin ; → complète, Entrée lit)",
        "imp.file_short": "Fichier à importer",
        "imp.sheet": "Feuille",
        "imp.entity": "Entité",
        "imp.profile_name": "Nom du profil de correspondance",
        "imp.profile_short": "Nom du profil",
        "imp.load": "Lire le fichier",
        "imp.read_button": "Lire",
        "imp.check": "Vérifier (essai à blanc)",
        "imp.commit": "Importer",
        "imp.save_profile": "Enregistrer le profil",
        "imp.step.mapping": "Correspondance des colonnes",
        "imp.step.preview": "Aperçu",
        "imp.step.summary": "Vérification",
        "imp.step.rejects": "Rejets",
        "imp.col.column": "Colonne du fichier",
        "imp.col.field": "Champ ecoparc",
        "imp.col.sample": "Exemple",
        "imp.col.row": "Ligne",
        "imp.col.reason": "Motif",
        "imp.ignore": "(ignorer)",
        "imp.no_file": "Indiquez un fichier.",
        "imp.read": "{rows} lignes, {columns} colonnes lues dans {file}",
        "imp.summary": (
            "{rows} lignes : {created} à créer, {updated} à mettre à jour, "
            "{unchanged} inchangées, {rejected} rejetées"
        ),
        "imp.done": (
            "Import terminé : {created} créés, {updated} mis à jour, "
            "{unchanged} inchangés, {rejected} rejetés"
        ),
        "imp.same": (
            "Fichier identique à celui du lot d'import n° {batch}, base inchangée depuis : "
            "rien à importer"
        ),
        "imp.profile_saved": "Profil « {name} » enregistré",
        "imp.profile_needs_name": "Donnez un nom au profil.",
        "imp.stage": "{stage} : {done}/{total}",
        "imp.edit_mapping": "Entrée sur une ligne pour changer le champ",
        "imp.choose_field": "Champ pour la colonne « {column} »",
        # factors
        "fac.sets": "Jeux de facteurs",
        "fac.references": "Références",
        "fac.impacts": "Facteurs de la référence {reference}",
        "fac.users": "Appareils rattachés : {count}",
        "fac.coverage": "Couverture du parc ({set})",
        "fac.coverage.line": "{level} : {share}",
        "fac.active": "Jeu actif : {name}",
        "fac.activate": "Utiliser ce jeu",
        "fac.activated": "Jeu de facteurs actif : {name}",
        "fac.builtin": "intégré",
        "fac.imported": "importé",
        "fac.col.reference": "Référence",
        "fac.col.category": "Catégorie",
        "fac.col.manufacturer": "Fabricant",
        "fac.col.model": "Modèle",
        "fac.col.lifespan": "Durée (ans)",
        "fac.col.kwh": "kWh/an",
        "fac.col.gwp": "kg CO2e",
        "fac.col.source": "Source",
        "fac.col.criterion": "Critère",
        "fac.col.phase": "Phase",
        "fac.col.value": "Valeur",
        "fac.col.unit": "Unité",
        "fac.col.devices": "Appareils",
        "fac.setcol.name": "Nom",
        "fac.search": "Rechercher (référence, catégorie, fabricant, modèle)",
        "fac.search_short": "Rechercher",
        "fac.setcol.version": "Version",
        "fac.setcol.kind": "Type",
        "fac.setcol.references": "Références",
        "fac.setcol.active": "Actif",
        # the devices of a scope (services.inventory.devices_of), on every screen
        "scope.devices": "{scope} : {devices} appareils",
        # import wizard: an import that creates its entity
        "imp.entity_new": "nouvelle entité…",
        "imp.new_entity_name": "Nom de la nouvelle entité",
        "imp.new_entity_short": "Nouvelle entité",
        "imp.new_entity_needed": "Donnez le nom de la nouvelle entité.",
        # purchase: new, refurbished or kept one more year
        "pur.quantity": "Qté",
        "pur.price_new": "Neuf €",
        "pur.price_refurb": "Recond. €",
        "pur.lifespan": "Ans",
        "pur.year": "Année",
        "pur.add": "Ajouter la ligne",
        "pur.clear": "Vider",
        "pur.file": "Fichier d'achat (csv, xlsx : catégorie, quantité, prix, durée)",
        "pur.file_short": "Fichier d'achat (csv, xlsx)",
        "pur.file_shorter": "Fichier d'achat",
        "pur.import": "Importer",
        "pur.name": "Nom du scénario",
        "pur.save": "Enregistrer",
        "pur.output": "Classeur à écrire (.xlsx)",
        "pur.output_short": "Classeur (.xlsx)",
        "pur.export": "Exporter",
        "pur.run": "Comparer",
        "pur.working": "Comparaison en cours…",
        "pur.done": (
            "Achat de {year}, horizon {first}–{last} · {scope} · {factor_set} · déjà acheté "
            "en {year} : {total} € HT (informatique), dont {reused} € HT de réemploi"
        ),
        "pur.saved": "Achat enregistré comme scénario : {name}",
        "pur.exported": "Classeur écrit : {path}",
        "pur.imported": "{count} ligne(s) lue(s) dans {file}",
        "pur.added": "{category} : ligne ajoutée",
        "pur.need_name": "Donnez un nom au scénario.",
        "pur.need_output": "Indiquez le classeur à écrire.",
        "pur.need_file": "Indiquez le fichier d'achat à lire.",
        "pur.bad_number": "{field} : nombre attendu, pas « {value} »",
        "pur.bad_whole": "{field} : nombre entier attendu, pas « {value} »",
        "pur.col.year_eur": "€ HT {year}",
        "pur.col.horizon_eur": "€ HT horizon",
        "pur.col.gwp_t": "t CO2e horizon",
        "pur.col.avoided_kg": "kg CO2e évités",
        "pur.col.agec": "Part AGEC {year}",
        "pur.col.weee": "DEEE kg évités",
        "pur.line.category": "Catégorie",
        "pur.line.quantity": "Quantité",
        "pur.line.price_new": "Prix neuf € HT",
        "pur.line.price_refurbished": "Prix reconditionné € HT",
        "pur.line.lifespan": "Durée de vie (ans)",
    },
    "en": {
        "app.scope_all": "all entities",
        "app.header": "{db} · {scope}",
        "app.quit": "Quit",
        "app.help": "Help",
        "app.language": "Français",
        "app.error": "Error: {message}",
        "help.title": "Help — keys",
        "help.screens": "Screens",
        "help.keys": "Keys of the current screen",
        "help.close": "Escape or ? to close",
        "help.global": (
            "Anywhere: ctrl+q quits, ? or F1 shows this help, l switches language; "
            "Escape leaves a text field to get the keys back."
        ),
        "common.ok": "OK",
        "common.leave_field": "Leave the field",
        "common.cancel": "Cancel",
        "common.close": "Close",
        "common.yes": "yes",
        "common.no": "no",
        "common.none": "—",
        "common.loading": "Computing…",
        "common.entity": "Entity",
        "common.year": "Year",
        "common.method": "Method",
        "common.dismiss_menu": "Close the list",
        "dash.kpi.devices": "Devices",
        "dash.kpi.footprint": "Annual footprint",
        "dash.kpi.footprint_value": "{value} t CO2e",
        "dash.kpi.footprint_note": "{year} · {method} · {factor_set}",
        "dash.kpi.per_agent": "Per agent",
        "dash.kpi.per_agent_value": "{value} t CO2e/staff",
        "dash.kpi.per_agent_none": "headcount unknown",
        "dash.kpi.agents": "i.e. {kg} kg · {count} staff",
        "dash.kpi.age": "Average age",
        "dash.kpi.age_value": "{value} years",
        "dash.kpi.refurbished": "Reuse in purchases {year}",
        "dash.kpi.refurbished_note": "AGEC target {target} · {spent}/{total} k€",
        "dash.kpi.reuse": "Awaiting reuse",
        "dash.kpi.reuse_note": "to route to the reuse channel",
        "dash.chart.category": "Footprint by category (t CO2e)",
        "dash.chart.entity": "Footprint by entity (t CO2e)",
        "dash.chart.years": "Footprint by year (t CO2e)",
        "dash.computing": "Computing the footprint…",
        "dash.failed": "The computation failed: {message}",
        "dash.other": "others",
        "method.annualized": "annualized",
        "method.amortized": "amortized",
        "method.flux": "flux",
        "match.model": "model",
        "match.manufacturer+category": "manufacturer + category",
        "match.category": "category",
        "inv.search": "Search (model, serial, asset tag, user)",
        "inv.search_short": "Search",
        "inv.any.entity": "Entities",
        "inv.any.category": "Categories",
        "inv.any.status": "Statuses",
        "inv.any.acquisition": "Acquisitions",
        "inv.count": "{shown} rows shown of {total} · {units} devices",
        "inv.col.mark": "✓",
        "inv.col.device_id": "No.",
        "inv.col.entity": "Entity",
        "inv.col.category": "Category",
        "inv.col.manufacturer": "Manufacturer",
        "inv.col.model": "Model",
        "inv.col.serial": "Serial",
        "inv.col.asset_tag": "Asset tag",
        "inv.col.status": "Status",
        "inv.col.purchase_date": "Purchased",
        "inv.col.quantity": "Qty",
        "inv.detail.specs": "Specifications",
        "inv.detail.history": "History",
        "inv.detail.trace": "Footprint {year}",
        "inv.detail.no_events": "No events.",
        "inv.action.status": "Status",
        "inv.action.transfer": "Transfer",
        "inv.action.edit": "Edit",
        "inv.action.mark": "Mark",
        "inv.action.mark_all": "Mark all",
        "inv.action.site": "Site",
        "inv.action.flag": "Reuse",
        "inv.action.retire": "Retire",
        "inv.action.export": "Export",
        "inv.action.save": "Save",
        "inv.action.search": "Search",
        "inv.action.sort": "Sort",
        "inv.action.open": "Record",
        "inv.action.close": "Close record",
        "inv.no_device": "No device selected.",
        "inv.done.status": "{count} device(s): status « {status} »",
        "inv.done.transfer": "{count} device(s) transferred to {entity}",
        "inv.done.site": "{count} device(s) on site: {site}",
        "inv.done.flag_on": "{count} device(s) flagged for reuse",
        "inv.done.flag_off": "{count} device(s) no longer flagged for reuse",
        "inv.done.retire": "{count} device(s): retirement date {date}",
        "inv.done.edit": "Device {device} changed: {fields}",
        "inv.count.marked": " · {marked} marked",
        "inv.target.one": "device {device}",
        "inv.target.many": "{count} marked devices",
        "inv.detail.device": "Device no. {device}",
        "inv.form.save": "Save (ctrl+s)",
        "inv.form.reset": "Undo my changes",
        "inv.form.nothing": "No field changed.",
        "inv.form.refused": "{count} field(s) refused: nothing saved, your input is kept.",
        "inv.export.stem": "inventory",
        "inv.export.sheet": "Devices",
        "inv.export.done": "{rows} row(s) exported: {path}",
        "inv.sorted": "Sorted by {column}",
        "inv.sort_by": "Sort by",
        "dlg.status.title": "Change the status: {target}",
        "dlg.status.note": "Note (optional)",
        "dlg.transfer.title": "Transfer {target}",
        "dlg.transfer.entity": "Destination entity",
        "dlg.site.title": "Site of {target}",
        "dlg.site.name": "Site of their entity (a new name creates the site; empty: no site)",
        "dlg.retire.title": "Retirement date of {target}",
        "dlg.retire.date": "Retirement date, planned or actual (empty clears it)",
        "dlg.retire.placeholder": "yyyy-mm-dd",
        "dlg.flag.title": "Reuse: {target}",
        "dlg.flag.on": "Flag as a reuse candidate",
        "dlg.flag.off": "Remove the flag",
        "dlg.export.title": "Export the {rows} row(s) shown",
        "dlg.export.path": "File (.xlsx or .csv)",
        "imp.entity_from_file": "from the file",
        "imp.col.score": "Score",
        "imp.col.value": "Value",
        "imp.unmapped": "Ignored columns: {columns}",
        "imp.new_entities": "Entities to create: {names}",
        "imp.new_sites": "Sites to create: {names}",
        "imp.check_first": "Check the file first (dry run).",
        "imp.entity_needed": "The file has no Entity column: choose the owning entity.",
        "imp.stage.read": "reading",
        "imp.stage.write": "writing",
        "imp.action.create": "create",
        "imp.action.update": "update",
        "imp.action.held": "kept",
        "imp.action.conflict": "conflict",
        "imp.changed_value": "{field}: {before} → {after}",
        "imp.held_value": "{field}: {kept} kept (file: {file})",
        "imp.conflicts": (
            "{count} conflicting row(s), not applied: device sent out, retired or "
            "transferred in ecoparc (see the preview)"
        ),
        "imp.held": "{count} file value(s) not applied: changed in ecoparc",
        "imp.conflict": "device no. {device} {reason}",
        "imp.prev.action": "Action",
        "imp.prev.row": "Row",
        "imp.prev.name": "Name / changes",
        "imp.prev.asset_tag": "Asset tag",
        "imp.prev.serial": "Serial",
        "imp.prev.category": "Category",
        "imp.prev.manufacturer": "Manufacturer",
        "imp.prev.model": "Model",
        "imp.prev.quantity": "Qty",
        "field.refurbished": "Refurbished (yes/no)",
        "field.price_ttc": "Price (€ incl. VAT, converted)",
        "field.user": "User (pseudonymised)",
        "imp.file": "File to import (path; → completes, Enter reads)",
        "imp.file_short": "File to import",
        "imp.sheet": "Sheet",
        "imp.entity": "Entity",
        "imp.profile_name": "Mapping profile name",
        "imp.profile_short": "Profile name",
        "imp.load": "Read the file",
        "imp.read_button": "Read",
        "imp.check": "Check (dry run)",
        "imp.commit": "Import",
        "imp.save_profile": "Save the profile",
        "imp.step.mapping": "Column mapping",
        "imp.step.preview": "Preview",
        "imp.step.summary": "Check",
        "imp.step.rejects": "Rejects",
        "imp.col.column": "File column",
        "imp.col.field": "ecoparc field",
        "imp.col.sample": "Sample",
        "imp.col.row": "Row",
        "imp.col.reason": "Reason",
        "imp.ignore": "(ignore)",
        "imp.no_file": "Give a file.",
        "imp.read": "{rows} rows, {columns} columns read from {file}",
        "imp.summary": (
            "{rows} rows: {created} to create, {updated} to update, "
            "{unchanged} unchanged, {rejected} rejected"
        ),
        "imp.done": (
            "Import done: {created} created, {updated} updated, "
            "{unchanged} unchanged, {rejected} rejected"
        ),
        "imp.same": (
            "Same file as import batch no. {batch}, database unchanged since: nothing to import"
        ),
        "imp.profile_saved": "Profile “{name}” saved",
        "imp.profile_needs_name": "Give the profile a name.",
        "imp.stage": "{stage}: {done}/{total}",
        "imp.edit_mapping": "Enter on a row to change its field",
        "imp.choose_field": "Field for column “{column}”",
        "fac.sets": "Factor sets",
        "fac.references": "References",
        "fac.impacts": "Factors of reference {reference}",
        "fac.users": "Devices using it: {count}",
        "fac.coverage": "Fleet coverage ({set})",
        "fac.coverage.line": "{level}: {share}",
        "fac.active": "Active set: {name}",
        "fac.activate": "Use this set",
        "fac.activated": "Active factor set: {name}",
        "fac.builtin": "built-in",
        "fac.imported": "imported",
        "fac.col.reference": "Reference",
        "fac.col.category": "Category",
        "fac.col.manufacturer": "Manufacturer",
        "fac.col.model": "Model",
        "fac.col.lifespan": "Life (years)",
        "fac.col.kwh": "kWh/yr",
        "fac.col.gwp": "kg CO2e",
        "fac.col.source": "Source",
        "fac.col.criterion": "Criterion",
        "fac.col.phase": "Phase",
        "fac.col.value": "Value",
        "fac.col.unit": "Unit",
        "fac.col.devices": "Devices",
        "fac.setcol.name": "Name",
        "fac.search": "Search (reference, category, manufacturer, model)",
        "fac.search_short": "Search",
        "fac.setcol.version": "Version",
        "fac.setcol.kind": "Kind",
        "fac.setcol.references": "References",
        "fac.setcol.active": "Active",
        # the devices of a scope (services.inventory.devices_of), on every screen
        "scope.devices": "{scope}: {devices} devices",
        "imp.entity_new": "new entity…",
        "imp.new_entity_name": "Name of the new entity",
        "imp.new_entity_short": "New entity",
        "imp.new_entity_needed": "Give the new entity's name.",
        "pur.quantity": "Qty",
        "pur.price_new": "New €",
        "pur.price_refurb": "Refurb. €",
        "pur.lifespan": "Years",
        "pur.year": "Year",
        "pur.add": "Add the line",
        "pur.clear": "Clear",
        "pur.file": "Purchase file (csv, xlsx: category, quantity, prices, lifespan)",
        "pur.file_short": "Purchase file (csv, xlsx)",
        "pur.file_shorter": "Purchase file",
        "pur.import": "Import",
        "pur.name": "Scenario name",
        "pur.save": "Save",
        "pur.output": "Workbook to write (.xlsx)",
        "pur.output_short": "Workbook (.xlsx)",
        "pur.export": "Export",
        "pur.run": "Compare",
        "pur.working": "Comparing…",
        "pur.done": (
            "Purchase of {year}, horizon {first}–{last} · {scope} · {factor_set} · already "
            "bought in {year}: €{total} excl. VAT (IT), of which €{reused} from reuse"
        ),
        "pur.saved": "Purchase saved as a scenario: {name}",
        "pur.exported": "Workbook written: {path}",
        "pur.imported": "{count} line(s) read from {file}",
        "pur.added": "{category}: line added",
        "pur.need_name": "Give the scenario a name.",
        "pur.need_output": "Give the workbook to write.",
        "pur.need_file": "Give the purchase file to read.",
        "pur.bad_number": "{field}: a number is expected, not “{value}”",
        "pur.bad_whole": "{field}: a whole number is expected, not “{value}”",
        "pur.col.year_eur": "€ {year} excl. VAT",
        "pur.col.horizon_eur": "€ horizon excl. VAT",
        "pur.col.gwp_t": "t CO2e horizon",
        "pur.col.avoided_kg": "kg CO2e avoided",
        "pur.col.agec": "AGEC share {year}",
        "pur.col.weee": "WEEE kg avoided",
        "pur.line.category": "Category",
        "pur.line.quantity": "Quantity",
        "pur.line.price_new": "New price € excl. VAT",
        "pur.line.price_refurbished": "Refurbished price € excl. VAT",
        "pur.line.lifespan": "Lifespan (years)",
    },
}

#: Vocabulary words (``status.*``, ``acquisition.*``, ``phase.*``, ``channel.*``,
#: ``event.*``…) are the kernel's labels (factors.vocabulary, footprint.labels), so the
#: TUI, the CLI and the reports say the same.
for _kind, _table in (
    ("status", STATUS_LABELS),
    ("acquisition", ACQUISITION_LABELS),
    ("phase", PHASE_LABELS),
    ("channel", ROUTE_LABELS),
    ("event", EVENT_LABELS),
    ("field", COLUMN_LABELS),
    ("kind", ENTITY_KIND_LABELS),
):
    for _code, (_fr, _en) in _table.items():
        MESSAGES["fr"][f"{_kind}.{_code}"] = _fr
        MESSAGES["en"][f"{_kind}.{_code}"] = _en


def register_messages(fr: dict[str, str], en: dict[str, str]) -> None:
    """Add a screen's messages to the catalogue (both languages, same keys)."""
    missing = set(fr) ^ set(en)
    if missing:
        raise ValueError(f"messages without both languages: {', '.join(sorted(missing))}")
    MESSAGES["fr"].update(fr)
    MESSAGES["en"].update(en)


def set_language(lang: str) -> None:
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (expected: {', '.join(LANGUAGES)})")
    _language = lang


def language() -> str:
    return _language


def t(key: str, **kw: Any) -> str:
    """The message ``key`` in the current language, French if it is missing there."""
    text = MESSAGES[_language].get(key) or MESSAGES["fr"].get(key) or key
    return text.format(**kw) if kw else text


def said(message: BaseException | str) -> str:
    """A message of the use cases (a refusal: French, as the services write it) in the
    current language, from the one catalogue of :mod:`factors.messages`; an error
    without a message is named by its type."""
    text = message if isinstance(message, str) else str(message) or type(message).__name__
    return in_language(text, _language)


def fmt_number(value: Any, decimals: int = 0) -> str:
    """``1 234,5`` in French, ``1,234.5`` in English; a dash for a missing value."""
    return locale.format_number(value, _language, decimals=decimals)


def fmt_percent(share: Any, decimals: int = 0) -> str:
    """A 0..1 share as ``23 %`` in French, ``23%`` in English."""
    return locale.format_percent(share, _language, decimals=decimals)


def fmt_date(value: Any) -> str:
    return locale.format_date(value, _language)


def date_format() -> str:
    """The strftime pattern of a day in the current language (a whole column at once,
    a date as the user types it back): dd/mm/yyyy in French, ISO in English."""
    return locale.DATE_FORMATS[_language]


def fmt_datetime(value: Any) -> str:
    return locale.format_datetime(value, _language)


#: Alphabetical order as a French reader expects it: « Échirolles » among the E.
sort_key = fold_key


def category_label(code: Any) -> str:
    return locale.category_label(code, _language)


def criterion_label(code: str) -> str:
    return locale.criterion_label(code, _language)


def term(kind: str, code: Any) -> str:
    """A vocabulary word (status, acquisition, method, match level, phase) in the language."""
    if is_missing(code):
        return t("common.none")
    key = f"{kind}.{code}"
    text = t(key)
    return str(code) if text == key else text
